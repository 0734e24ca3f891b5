import { Transform } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

export class LineTooLong extends Error {
  override name = 'LineTooLong'
}

/** Splits a byte stream into text lines (without the line break), refusing any longer than maxChars */
export class Lines extends Transform {
  private rest = ''
  private readonly text = new StringDecoder('utf8')

  constructor(private readonly maxChars: number) {
    super({ readableObjectMode: true })
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error) => void) {
    const parts = (this.rest + this.text.write(chunk)).split('\n')
    this.rest = parts.pop() ?? ''
    for (const line of parts) if (line.trim()) this.push(line)
    callback(this.rest.length > this.maxChars ? new LineTooLong(`line longer than ${this.maxChars} characters`) : undefined)
  }

  override _flush(callback: (error?: Error) => void) {
    const last = this.rest + this.text.end()
    if (last.length > this.maxChars) return callback(new LineTooLong(`line longer than ${this.maxChars} characters`))
    if (last.trim()) this.push(last)
    callback()
  }
}
