// Module hooks for amrepo.mjs: automerge-repo 2.5.6 throttles the sync
// messages a local change sends to 100 ms (DocSynchronizer's
// syncDebounceRate, a class field set before its constructor installs the
// throttle, so it cannot be changed from outside once a document opens).
// With a rate given, this rewrites that one line of the file as Node loads
// it; node_modules stays as installed. A file that no longer holds the line
// is an error, so a new version cannot silently run as shipped.
let rate
const file = "/@automerge/automerge-repo/dist/synchronizer/DocSynchronizer.js"
const line = "syncDebounceRate = 100;"

export async function initialize(data) {
  rate = data.rate
}

export async function load(url, context, next) {
  const r = await next(url, context)
  if (!url.endsWith(file)) return r
  const src = String(r.source)
  if (!src.includes(line)) throw new Error(`bench-peer: ${line} not found in ${url}`)
  return { ...r, source: src.replace(line, `syncDebounceRate = ${rate};`) }
}
