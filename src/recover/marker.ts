/**
 * The mark that lets aztm recognise a release it created when the create's answer was lost. The
 * Release API has a free-text `description` every definition accepts
 * (docs/design/azure-devops.md §4.1), so the mark goes there, after the user's own text.
 */

/** `aztm <id>`: the words searched for in a release's description. */
export function markerText(requestId: string): string {
  return `aztm ${requestId}`;
}

/** The user's description stays first and readable: `"<description> (aztm <id>)"`. */
export function markedDescription(description: string | undefined, requestId: string): string {
  const marker = markerText(requestId);
  return description === undefined || description.trim() === ''
    ? marker
    : `${description} (${marker})`;
}

export function carriesMarker(description: string | undefined, requestId: string): boolean {
  return description?.includes(markerText(requestId)) ?? false;
}
