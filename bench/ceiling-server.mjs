// The ceiling: a bare node:http server that answers every request with a fixed JSON body (the
// bench passes the body of a real GET /api/me response, so both move the same bytes). Whatever
// the wxlogin server does on top of this is what its ratio to the ceiling measures.
//   node bench/ceiling-server.mjs <port> <body-file>
import { readFileSync } from 'node:fs'
import http from 'node:http'

const [port, bodyFile] = process.argv.slice(2)
const body = readFileSync(bodyFile)
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }

const server = http.createServer((req, res) => {
  req.resume()
  res.writeHead(200, headers)
  res.end(body)
})
server.listen(Number(port), '127.0.0.1')
process.once('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
