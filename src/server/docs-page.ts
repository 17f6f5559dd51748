/**
 * A self-contained API reference page rendered from the OpenAPI document in the browser.
 * No CDN: the page must work on a closed network and cannot be swapped by a third party.
 */
export const API_DOCS_SCRIPT = `
fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{
  const root=document.getElementById('ops');root.textContent='';
  for(const [path,ops] of Object.entries(doc.paths)){for(const [method,op] of Object.entries(ops)){
    const d=document.createElement('section');d.className='op';
    const h=document.createElement('h2');h.style.fontSize='1rem';
    const m=document.createElement('span');m.className='m '+method;m.textContent=method;
    const p=document.createElement('code');p.textContent=path;
    h.append(m,p);d.append(h);
    const s=document.createElement('p');s.textContent=op.summary||'';d.append(s);
    const t=document.createElement('p');t.className='tag';t.textContent='Tags: '+(op.tags||[]).join(', ')+' · responses: '+Object.keys(op.responses||{}).join(', ');d.append(t);
    const det=document.createElement('details');const sum=document.createElement('summary');sum.textContent='Schema';
    const pre=document.createElement('pre');pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2);
    det.append(sum,pre);d.append(det);root.append(d);
  }}
});
`;

export const API_DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Confidence API</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1.5rem;color:#1b1b1b}
h1{margin-top:0}code,pre{font-family:ui-monospace,monospace;font-size:.9em}
.op{border:1px solid #ccc;border-radius:6px;margin:.75rem 0;padding:.5rem 1rem}
.m{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}
.get{color:#0b5394}.post{color:#38761d}.put{color:#7f6000}.delete{color:#990000}
.tag{color:#555;font-size:.85em}details pre{background:#f4f4f4;padding:.5rem;overflow:auto}
</style></head><body><main>
<h1>Confidence API</h1>
<p>The machine-readable document is at <a href="/api/openapi.json">/api/openapi.json</a>. Errors are
<code>{ "error": { "code", "message", "details"? } }</code> with a stable code. State-changing requests of a logged-in
user need the <code>X-CSRF-Token</code> header from <code>GET /api/session</code>.</p>
<div id="ops">Loading…</div></main>
<script src="/api/docs.js"></script></body></html>`;
