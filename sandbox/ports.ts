import { createServer } from 'node:net';

/**
 * Fails before anything starts when a port the sandbox is told to use is taken, naming it: some
 * stand-ins report a taken port poorly (or not at all), and a half-started sandbox helps no one.
 */
export async function assertPortsFree(ports: Readonly<Record<string, number>>): Promise<void> {
  for (const port of Object.values(ports)) {
    if (port === 0) continue;
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', (error: NodeJS.ErrnoException) => reject(Object.assign(error, { port })));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
    });
  }
}
