import { request, type IncomingMessage, type ServerResponse } from 'node:http';

/** Passes a request (its body already read) on to `target` and pipes the answer back. */
export function forward(target: string, incoming: IncomingMessage, body: Buffer, response: ServerResponse): void {
  const url = new URL(target);
  const outgoing = request(
    { host: url.hostname, port: url.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  outgoing.on('error', () => response.destroy());
  outgoing.end(body);
}

export async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
