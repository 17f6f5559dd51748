/** The public tracker's extraction library: pure functions, no I/O. */
export { extractDeclarations } from './extract';
export { mergeAcrossArticles, DEFAULT_DEDUPE_WINDOW_DAYS, type ArticleSource, type SourcedDeclaration } from './dedupe';
export { checkArticleBytes, MAX_ARTICLE_BYTES, type ArticleCheck } from './input';
export { evaluate, formatReport, type EvaluationReport, type Labelled } from './evaluate';
export { STANCES, isStance, type Stance, type ExtractedDeclaration, type ExtractionResult, type ExtractOptions, type UnresolvedName } from './types';
