// Resolves a configured port of 0 to a concrete free port, for services that will bind later.
import net from 'node:net';

export async function resolvePort(port: number, host = '127.0.0.1'): Promise<number> {
  if (port !== 0) return port;
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}
