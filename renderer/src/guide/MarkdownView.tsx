// A template's guide, Markdown to React elements. Raw HTML in the file is dropped, and
// nothing in it can take the window elsewhere or fetch anything: a link shows its text
// (its address in the tooltip), an image its alt text. The CSP forbids remote content
// anyway; this keeps a guide from even trying, in Electron and in the browser.
import Markdown, { type Components } from 'react-markdown';

const components: Components = {
  a: ({ children, href }) => <span className="guide-link" title={href}>{children}</span>,
  img: ({ alt }) => (alt ? <span className="guide-img">[{alt}]</span> : null),
};

export default function MarkdownView({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="guide-md" data-testid={testId}>
      <Markdown skipHtml components={components}>{text}</Markdown>
    </div>
  );
}
