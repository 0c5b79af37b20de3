// One side of `make bench-peer` on automerge-repo: a Repo with Node fs
// storage, synced over a WebSocket on loopback. The Go driver
// (bench/peer/main.go) starts two of these and talks to each over
// stdin/stdout, one command or answer a line, as with a Kintsugi side.
//
//   node amrepo.mjs serve DIR INITFILE          B: listens, writes the first doc
//   node amrepo.mjs edit DIR INITFILE DOCID URL [offline]   A: the editing side
//
// Commands (stdin) and answers (stdout):
//   edit I    -> edited T0 HEAD   (A: one change; T0 just before change())
//   flush     -> flushed          (once every edit is stored)
//   connect   -> connecting T0    (A, started offline: join the network now)
//   wait HEAD -> arrived T1       (B: when HEAD first was a head of B's doc)
//   quit      -> bye
// Times are CLOCK_MONOTONIC in ns (process.hrtime), as the Go side's, so
// times from two processes compare.
import { register } from "node:module"
import { readFileSync, writeFileSync } from "node:fs"
import { createInterface } from "node:readline"

// AMREPO_SYNC_THROTTLE_MS, when set, replaces the sync throttle (see throttle.mjs).
if (process.env.AMREPO_SYNC_THROTTLE_MS) {
  register("./throttle.mjs", import.meta.url, { data: { rate: Number(process.env.AMREPO_SYNC_THROTTLE_MS) } })
}
const { Repo } = await import("@automerge/automerge-repo")
const { WebSocketServerAdapter, WebSocketClientAdapter } = await import("@automerge/automerge-repo-network-websocket")
const { NodeFSStorageAdapter } = await import("@automerge/automerge-repo-storage-nodefs")
const A = await import("@automerge/automerge")
const { WebSocketServer } = await import("ws")

const now = () => process.hrtime.bigint().toString()
const say = line => process.stdout.write(line + "\n")
const [role, dir, initFile, ...rest] = process.argv.slice(2)

let repo, handle, connect
const seen = new Map() // head -> first time seen as a head
const waiting = new Map() // head -> resolve

function watch(h) {
  const note = doc => {
    const t = now()
    for (const head of A.getHeads(doc)) {
      if (seen.has(head)) continue
      seen.set(head, t)
      const w = waiting.get(head)
      if (w) {
        waiting.delete(head)
        w(t)
      }
    }
  }
  h.on("change", ({ doc }) => note(doc))
  note(h.doc())
}

if (role === "serve") {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 })
  await new Promise(r => wss.on("listening", r))
  repo = new Repo({
    network: [new WebSocketServerAdapter(wss)],
    storage: new NodeFSStorageAdapter(dir),
    sharePolicy: async () => true,
  })
  handle = repo.create({ c: {} })
  await handle.whenReady()
  writeFileSync(initFile, A.save(handle.doc()))
  watch(handle)
  say(`ready ${handle.documentId} ws://127.0.0.1:${wss.address().port}`)
} else if (role === "edit") {
  const [docId, url, offline] = rest
  const ws = () => new WebSocketClientAdapter(url)
  repo = new Repo({
    network: offline === "offline" ? [] : [ws()],
    storage: new NodeFSStorageAdapter(dir),
    sharePolicy: async () => true,
  })
  handle = repo.import(readFileSync(initFile), { docId })
  handle.doneLoading()
  await handle.whenReady()
  if (offline !== "offline") {
    // Wait until the server is a peer, so the first edit is not a connect.
    await new Promise(r => {
      if (repo.peers.length > 0) return r()
      repo.networkSubsystem.on("peer", () => r())
    })
  }
  say("ready")
  connect = () => {
    say(`connecting ${now()}`)
    repo.networkSubsystem.addNetworkAdapter(ws())
  }
} else {
  console.error("usage: amrepo.mjs serve|edit ...")
  process.exit(2)
}

const lines = createInterface({ input: process.stdin })
for await (const line of lines) {
  const [cmd, arg] = line.split(" ")
  if (cmd === "edit") {
    const i = Number(arg)
    const t0 = now()
    handle.change(d => {
      d.c["k" + i] = { text: `commitment ${i}`, owner: "a", cadence: "daily", created: Date.now() }
    })
    say(`edited ${t0} ${A.getHeads(handle.doc())[0]}`)
  } else if (cmd === "flush") {
    await repo.flush()
    say("flushed")
  } else if (cmd === "connect") {
    connect()
  } else if (cmd === "wait") {
    if (seen.has(arg)) say(`arrived ${seen.get(arg)}`)
    else new Promise(r => waiting.set(arg, r)).then(t => say(`arrived ${t}`))
  } else if (cmd === "quit") {
    await repo.flush()
    say("bye")
    process.exit(0)
  }
}
