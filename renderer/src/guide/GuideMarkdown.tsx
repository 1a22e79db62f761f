// A template's guide (MarkdownView.tsx renders it). The Markdown parser is loaded the
// first time a guide is shown, so it is not part of what every start-up parses.
import { lazy, Suspense } from 'react';

const MarkdownView = lazy(() => import('./MarkdownView'));

export function GuideMarkdown({ text, testId }: { text: string; testId?: string }) {
  return (
    <Suspense fallback={<p className="panel-note">Loading the guide…</p>}>
      <MarkdownView text={text} testId={testId} />
    </Suspense>
  );
}
