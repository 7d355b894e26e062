import { createServer, type Server } from 'node:http';
import { createModules, registerModuleJobs } from './composition.js';
import { loadConfig, loadDotEnv } from './config.js';
import { createLogger } from './platform/logger/index.js';
import { createPlatform, type Platform } from './platform/platform.js';

/**
 * Job worker: works every module's jobs, no HTTP. Run as many as the load needs (`aiqleads worker` or
 * `npm run worker`); resolves once a SIGTERM/SIGINT has drained the jobs in flight.
 */
export async function runWorker(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL });
  const platform = await createPlatform(config, log);
  const modules = createModules(platform);
  registerModuleJobs(platform, modules);
  await platform.jobs.start({ work: true });
  try {
    for (const module of modules) await module.afterStart?.(platform.jobs);
  } catch (error) {
    // The CLI only sets the exit code: an open database and job timers would keep the process alive.
    await platform.close();
    throw error;
  }
  log.info({ database: platform.db.kind }, 'worker started');
  const metricsServer = config.WORKER_METRICS_PORT
    ? await serveMetrics(platform, config.HOST, config.WORKER_METRICS_PORT)
    : undefined;

  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  log.info({ signal }, 'worker stopping: finishing jobs in flight');
  metricsServer?.close();
  await platform.close();
  log.info('worker stopped');
}

/** A worker has no API, but Prometheus must still scrape its job and fetch metrics. */
async function serveMetrics(platform: Platform, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/metrics') {
      platform.metrics.registry.metrics().then(
        (text) => {
          response.writeHead(200, { 'content-type': platform.metrics.registry.contentType });
          response.end(text);
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
      return;
    }
    response.writeHead(request.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
    response.end(
      request.url === '/health'
        ? '{"status":"ok"}'
        : '{"error":{"code":"ROUTE_NOT_FOUND","message":"not found"}}',
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  platform.log.info({ port }, 'worker metrics on /metrics');
  return server;
}
