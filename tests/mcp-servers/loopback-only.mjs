// Loaded with `node --import ./loopback-only.mjs`: every server the process starts listens on 127.0.0.1 only, whatever host
// (or none) its code passes. The tests run servers such as server-everything's Streamable HTTP mode, which listens on all
// interfaces; tests may listen on loopback only.
import net from "node:net";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (first !== null && typeof first === "object" && !Array.isArray(first)) {
    if (first.path === undefined && first.handle === undefined && first._handle === undefined && first.fd === undefined) {
      args[0] = { ...first, host: "127.0.0.1" };
    }
  } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first)) || first === undefined || typeof first === "function") {
    const port = typeof first === "function" || first === undefined ? 0 : Number(first);
    const rest = typeof first === "function" ? args : args.slice(1);
    // Drop a host the caller gave (listen(port, host, ...)); keep backlog and callback.
    if (typeof rest[0] === "string") {
      rest.shift();
    }

    args = [port, "127.0.0.1", ...rest];
  }

  return listen.apply(this, args);
};
