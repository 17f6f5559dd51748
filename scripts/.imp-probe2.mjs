const { register } = await import('tsx/esm/api');
register();
const mods = process.argv.slice(2);
for (const m of mods) { const t = performance.now(); const c0 = process.cpuUsage(); await import(m); const c = process.cpuUsage(c0); console.log(m.split('/').slice(-2).join('/'), ((performance.now()-t)|0)+'ms wall', ((c.user+c.system)/1000|0)+'ms cpu'); }
