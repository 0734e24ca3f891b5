/** Child process of the Lambda benchmark: processes one file and reports its peak RSS */
import { detectFile } from './lambda-pipeline'

const [file] = process.argv.slice(2)
if (!file) throw new Error('usage: lambda-rss.ts <file.avro>')
const start = process.hrtime.bigint()
detectFile(file)
  .then(outcome => {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    process.stdout.write(JSON.stringify({ points: outcome.points, anomalies: outcome.events.length, seconds, maxRssKb: process.resourceUsage().maxRSS }))
  })
  .catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
