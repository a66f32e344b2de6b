// A path that is no page of this app: say so, and link the pages there are.
import { challengesPagePath, classesPagePath, editorPath, runsPagePath } from "../api/pages";

export function NotFound({ path }: { path: string }) {
  return (
    <main className="panel not-found" data-testid="not-found">
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. Check the address, or go on from one of these:
      </p>
      <ul>
        <li>
          <a href={editorPath}>the editor</a>, to design and train a network
        </li>
        <li>
          <a href={runsPagePath}>your runs</a>, each with its own page
        </li>
        <li>
          <a href={challengesPagePath}>the challenges</a>
        </li>
        <li>
          <a href={classesPagePath}>the classes</a>
        </li>
      </ul>
    </main>
  );
}
