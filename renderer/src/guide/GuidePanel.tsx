import { useLab } from '../store';
import { GuideMarkdown } from './GuideMarkdown';

/** The Guide tab: what the template the lab came from explains, beside the canvas. */
export function GuidePanel() {
  const guide = useLab((s) => s.guide);
  return (
    <section className="guide-panel" aria-label="Guide">
      {guide ? <GuideMarkdown text={guide} testId="guide" /> : <p className="panel-note">This lab has no guide.</p>}
    </section>
  );
}
