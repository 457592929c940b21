// The ceiling for benchmark 4: a bare node:http server answering every request with one fixed
// JSON body (the emulator's own reply to the document being read, passed base64 in argv[2]),
// run as its own process like the emulator. Prints `PORT <n>` once listening; stops on SIGTERM.
import { createServer } from 'node:http';

const body = Buffer.from(process.argv[2] ?? 'e30=', 'base64');
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
// Same keep-alive window as a client expects from the emulator: connections stay open for the run.
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`PORT ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
