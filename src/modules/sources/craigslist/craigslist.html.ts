import type * as cheerio from 'cheerio/slim';
import { multiLine } from './craigslist.text.js';

/** A DOM node of the htmlparser2 tree (cheerio does not re-export domhandler's type by name). */
export type DomNode = Parameters<typeof cheerio.contains>[0];
type ElementNode = Extract<DomNode, { attribs: Record<string, string> }>;

function isElement(node: DomNode): node is ElementNode {
  return node.nodeType === 1 && 'attribs' in node;
}

// These helpers walk the parsed nodes directly: a cheerio wrapper per node (and `.before()` parsing its
// argument as HTML) cost more than the rest of a posting's parse together.

// A private-use character marks line breaks while source whitespace is collapsed; it never occurs in pages.
const BREAK = '\uE000';
const BLOCK_ELEMENTS = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'section',
  'showcontactinfo',
]);

/** The element's tag name, or '' for text and other nodes. */
export function tagName(node: DomNode): string {
  return isElement(node) ? node.name : '';
}

/** The element's class attribute split into names. */
export function classNames(node: DomNode): string[] {
  return isElement(node) ? (node.attribs.class ?? '').split(/\s+/).filter(Boolean) : [];
}

/** An attribute of an element, or undefined. */
export function attribute(node: DomNode, name: string): string | undefined {
  return isElement(node) ? node.attribs[name] : undefined;
}

/** The child elements, optionally only those with the tag name. */
export function childElements(node: DomNode, name?: string): DomNode[] {
  if (!('children' in node)) return [];
  return node.children.filter((c) => isElement(c) && (name === undefined || c.name === name));
}

/** The first descendant element with the tag name, depth first. */
export function firstDescendant(node: DomNode, name: string): DomNode | null {
  if (!('children' in node)) return null;
  for (const child of node.children) {
    if (isElement(child) && child.name === name) return child;
    const deeper = firstDescendant(child, name);
    if (deeper) return deeper;
  }
  return null;
}

function collect(node: DomNode, out: string[], layout: boolean): void {
  if (node.nodeType === 3) {
    out.push(node.data);
    return;
  }
  if (!('children' in node)) return;
  const name = tagName(node);
  if (layout && name === 'br') {
    out.push(BREAK);
    return;
  }
  if (layout && classNames(node).includes('print-information')) return;
  const block = layout && BLOCK_ELEMENTS.has(name);
  if (block) out.push(BREAK);
  for (const child of node.children) collect(child, out, layout);
  if (block) out.push(BREAK);
}

/** The concatenated text of a node and its descendants (entities already decoded by the parser). */
export function textOf(node: DomNode | null | undefined): string {
  if (!node) return '';
  const out: string[] = [];
  collect(node, out, false);
  return out.join('');
}

/**
 * The text of an element as a reader sees it: the print-only blocks (QR code, print contact) dropped, `<br>`
 * and block elements as line breaks, source whitespace collapsed as a browser does, spaces normalised.
 */
export function readableText(node: DomNode | null | undefined): string | null {
  if (!node) return null;
  const out: string[] = [];
  collect(node, out, true);
  const text = out
    .join('')
    .replace(/\s+/g, ' ')
    .replace(/ ?\uE000 ?/g, '\n');
  const result = multiLine(text);
  return result === '' ? null : result;
}

/** Elements of a (small) document by id and by class, built in one walk instead of one walk per selector. */
export interface ElementIndex {
  byId: Map<string, DomNode>;
  byClass: Map<string, DomNode[]>;
}

/** Indexes every element under the root by its id and each of its class names. */
export function indexElements(root: DomNode): ElementIndex {
  const index: ElementIndex = { byId: new Map(), byClass: new Map() };
  const visit = (node: DomNode): void => {
    if (isElement(node)) {
      const id = node.attribs.id;
      if (id && !index.byId.has(id)) index.byId.set(id, node);
      for (const name of classNames(node)) {
        const list = index.byClass.get(name);
        if (list) list.push(node);
        else index.byClass.set(name, [node]);
      }
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(root);
  return index;
}
