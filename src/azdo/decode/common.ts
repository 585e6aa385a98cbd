/** Readers of the small shapes many answers share: links, identities, projects, issues. */
import { IssueType } from '../enums.ts';
import type { IdentityRef, Issue, ProjectReference, ReferenceLinks } from '../types.ts';
import { dictionary, enumOf, object, optional, text, type Reader } from './read.ts';

/** `_links`: each name to `{href}`; an entry without `href` is left out. */
export const links: Reader<ReferenceLinks> = (value, at) => {
  const entries = dictionary(optional(object<{ href?: string }>({ href: optional(text) })))(
    value,
    at,
  );
  const found: Record<string, { href: string }> = {};
  for (const [name, link] of Object.entries(entries)) {
    if (link?.href !== undefined) found[name] = { href: link.href };
  }
  return found;
};

export const identityRef = object<IdentityRef>({
  id: optional(text),
  displayName: optional(text),
  uniqueName: optional(text),
});

export const projectReference = object<ProjectReference>({ id: text, name: text });

export const issue = object<Issue>({
  type: optional(enumOf(IssueType)),
  category: optional(text),
  message: optional(text),
});
