import type { TemplateSummary } from '../../../electron/lab/api';
import { GuideMarkdown } from '../guide/GuideMarkdown';
import { plural } from '../kinds/shared/format';
import { Thumbnail } from './Thumbnail';

/** "3 nodes · 2 networks · 3 checks": the card's and the preview's one wording. */
export function templateCounts(t: TemplateSummary): string {
  return [plural(t.nodes, 'node'), plural(t.networks, 'network'), plural(t.expectations, 'check')].join(' · ');
}

/** The gallery's right side: the selected template's drawing, counts and guide. */
export function TemplatePreview({ template, text, guide, loading }: { template: TemplateSummary; text?: string; guide?: string; loading: boolean }) {
  return (
    <div className="template-preview" data-testid="template-preview" data-template={template.id}>
      <Thumbnail text={text} />
      <h3>{template.name}</h3>
      {template.description && <p className="template-desc" data-testid="template-description">{template.description}</p>}
      <p className="template-counts" data-testid="template-counts">
        {templateCounts(template)}
      </p>
      {guide ? <GuideMarkdown text={guide} testId="template-guide" />
        : loading ? <p className="panel-note">Loading…</p>
        : <p className="panel-note" data-testid="template-no-guide">This template has no guide yet: open it and look around, or run its checks.</p>}
    </div>
  );
}
