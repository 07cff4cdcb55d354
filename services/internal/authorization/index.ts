export { decide } from './decide';
export { renderMatrixMarkdown } from './render-markdown';
export { RULE_TABLE } from './table';
export * from './vocabulary';
