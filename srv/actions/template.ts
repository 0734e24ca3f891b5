/**
 * JSON payload templates with `${{path}}` placeholders, e.g.
 *   {"asset": ${{event.data.assetName}}, "text": "Peak ${{event.data.value}} on ${{event.data.propertyAlias}}"}
 * A placeholder outside a JSON string becomes the value as JSON; inside a string, its text,
 * JSON-escaped. Values are inserted in one pass over the template, never re-scanned, so a quote,
 * newline, backslash or `${{` in event data can neither break nor inject into the payload.
 * Paths start at a root of the scope (event, pre, main, post, incident) and use `.name` or `[n]`.
 */
export type Scope = Record<string, unknown>

export class TemplateError extends Error {
  override readonly name = 'TemplateError'
  constructor(
    message: string,
    /** 1-based position in the template */
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`)
  }
}

export const TEMPLATE_ROOTS = ['event', 'pre', 'main', 'post', 'incident'] as const

const OPEN = '${{'
const CLOSE = '}}'
const PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*|\.\d+|\[\d+\])*$/

interface Segment {
  /** template text before the placeholder */
  text: string
  placeholder?: { path: string; inString: boolean; offset: number; end: number }
}

/** Renders the template with the scope's values; the result is always valid JSON text */
export function renderJson(template: string, scope: Scope): unknown {
  const rendered = parse(template)
    .map(({ text, placeholder }) => {
      if (!placeholder) return text
      const value = resolve(scope, placeholder.path)
      return text + (placeholder.inString ? JSON.stringify(asText(value)).slice(1, -1) : JSON.stringify(value ?? null))
    })
    .join('')
  return JSON.parse(rendered) as unknown
}

/** Renders a URL path: placeholder values are URL-encoded */
export function renderPath(template: string, scope: Scope): string {
  return parse(template, false)
    .map(({ text, placeholder }) => text + (placeholder ? encodeURIComponent(asText(resolve(scope, placeholder.path))) : ''))
    .join('')
}

/**
 * Checks a template when an admin saves it: placeholder syntax and roots, and that it is JSON
 * whatever the values. @throws TemplateError with the position of the first problem
 */
export function validateJsonTemplate(template: string) {
  // render with neutral values, remembering where each placeholder went to map errors back
  const spans: { rendered: [number, number]; original: [number, number] }[] = []
  let rendered = ''
  for (const { text, placeholder } of parse(template)) {
    rendered += text
    if (!placeholder) continue
    const replacement = placeholder.inString ? '' : 'null'
    spans.push({ rendered: [rendered.length, rendered.length + replacement.length], original: [placeholder.offset, placeholder.end] })
    rendered += replacement
  }
  try {
    JSON.parse(rendered)
  } catch (error) {
    const message = (error as Error).message
    const at = /position (\d+)/.exec(message)?.[1]
    const position = at === undefined ? template.length : toOriginal(Number(at), spans)
    throw positioned(template, position, `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '')}`)
  }
}

/** Checks the placeholders of a path template */
export function validatePathTemplate(template: string) {
  parse(template, false)
}

function parse(template: string, json = true): Segment[] {
  const segments: Segment[] = []
  let inString = false
  let start = 0
  for (let i = 0; i < template.length; i++) {
    const char = template[i]
    if (template.startsWith(OPEN, i)) {
      const end = template.indexOf(CLOSE, i + OPEN.length)
      if (end < 0) throw positioned(template, i, 'placeholder is not closed with }}')
      const path = template.slice(i + OPEN.length, end).trim()
      if (!PATH.test(path)) throw positioned(template, i, `"${path}" is not a path like event.data.assetName`)
      const root = /^[^.[]+/.exec(path)?.[0] ?? ''
      if (!(TEMPLATE_ROOTS as readonly string[]).includes(root)) throw positioned(template, i, `unknown root "${root}"; use ${TEMPLATE_ROOTS.join(', ')}`)
      segments.push({ text: template.slice(start, i), placeholder: { path, inString: json && inString, offset: i, end: end + CLOSE.length } })
      i = end + CLOSE.length - 1
      start = end + CLOSE.length
    } else if (json && char === '\\' && inString) i++
    else if (json && char === '"') inString = !inString
  }
  segments.push({ text: template.slice(start) })
  return segments
}

/** A value as text inside a string: objects as their JSON, nothing as empty */
function asText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
    case 'boolean':
    case 'bigint':
      return value.toString()
    case 'object':
      return value === null ? '' : JSON.stringify(value)
    default:
      return ''
  }
}

/** Reads a path like Result[0].ActionInfo.ChainName from a value; own properties only */
export const readPath = (value: unknown, path: string) => resolve({ value }, `value.${path}`)

function resolve(scope: Scope, path: string): unknown {
  let current: unknown = scope
  for (const key of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

function toOriginal(position: number, spans: { rendered: [number, number]; original: [number, number] }[]) {
  const span = spans.findLast(({ rendered }) => rendered[0] <= position)
  if (!span) return position
  return position < span.rendered[1] ? span.original[0] : position - span.rendered[1] + span.original[1]
}

function positioned(template: string, position: number, message: string) {
  const before = template.slice(0, position).split('\n')
  return new TemplateError(message, before.length, (before.at(-1)?.length ?? 0) + 1)
}
