import net from 'node:net';
import { QueueName } from '@tandem/jobs';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { openMonitoredQueues } from '../src/monitored-queues';
import { registerQueueMetrics } from '../src/queue-metrics';

/** A scrape while Redis hangs: the queue gauges must not hold /metrics up. */
it('answers within the timeout when Redis does not, reporting every queue as down', async () => {
  // Accepts connections and never answers, like a Redis that hangs.
  const sockets: net.Socket[] = [];
  const mute = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
  const { port } = mute.address() as net.AddressInfo;
  // disconnectTimeout: ioredis waits that long (2 s by default) for a dropped stream to close.
  const redis = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, disconnectTimeout: 50 });
  const monitored = openMonitoredQueues(redis, 'mute');
  const registry = new Registry();
  registerQueueMetrics(registry, monitored.queues, 300);
  try {
    const started = Date.now();
    const text = await registry.metrics();
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const queue of Object.values(QueueName)) expect(text).toMatch(new RegExp(`^tandem_queue_up\\{queue="${queue}"\\} 0$`, 'm'));
    expect(text).not.toMatch(/^tandem_queue_jobs\{/m);
  } finally {
    // The server goes first: a client's disconnect only half-closes, and would wait for it.
    for (const socket of sockets) socket.destroy();
    mute.close();
    await monitored.close();
    redis.disconnect();
  }
});
