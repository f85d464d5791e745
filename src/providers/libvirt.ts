/**
 * libvirt's `libvirt` provider: `src/libvirt_probes.d` of libvirt 6.x-9.x
 * (the GLib event loop's `event_glib_*`, objects, RPC, TLS and keepalive),
 * which names its arguments, and the monitor lifecycle and messages of
 * `src/qemu/libvirt_qemu_probes.d` (in the QEMU driver module).
 */
import type { ProviderData } from "./types.js";

const MSG = "void *client, int len, int prog, int vers, int proc, int type, int status, int serial";

export const libvirt: ProviderData = {
  provider: "libvirt",
  source: "libvirt src/libvirt_probes.d, src/qemu/libvirt_qemu_probes.d, 6.x-9.x",
  probes: [
    "event_glib_add_handle(int watch, int fd, int events, void *cb, void *opaque, void *ff)",
    "event_glib_update_handle(int watch, int events)",
    "event_glib_remove_handle(int watch)",
    "event_glib_remove_handle_idle(int watch, void *ff, void *opaque)",
    "event_glib_dispatch_handle(int watch, int events, void *cb, void *opaque)",
    "event_glib_add_timeout(int timer, int frequency, void *cb, void *opaque, void *ff)",
    "event_glib_update_timeout(int timer, int frequency)",
    "event_glib_remove_timeout(int timer)",
    "event_glib_remove_timeout_idle(int timer, void *ff, void *opaque)",
    "event_glib_dispatch_timeout(int timer, void *cb, void *opaque)",
    "object_new(void *obj, const char *klassname)",
    "object_ref(void *obj)",
    "object_unref(void *obj)",
    "object_dispose(void *obj)",
    "rpc_socket_new(void *sock, int fd, int errfd, pid_t pid, const char *localAddr, const char *remoteAddr)",
    "rpc_socket_dispose(void *sock)",
    "rpc_socket_send_fd(void *sock, int fd)",
    "rpc_socket_recv_fd(void *sock, int fd)",
    "rpc_server_client_new(void *client, void *sock)",
    "rpc_server_client_dispose(void *client)",
    `rpc_server_client_msg_tx_queue(${MSG})`,
    `rpc_server_client_msg_rx(${MSG})`,
    "rpc_client_new(void *client, void *sock)",
    "rpc_client_dispose(void *client)",
    `rpc_client_msg_tx_queue(${MSG})`,
    `rpc_client_msg_rx(${MSG})`,
    "rpc_server_client_auth_allow(void *client, int authtype, const char *identity)",
    "rpc_server_client_auth_deny(void *client, int authtype, const char *identity)",
    "rpc_server_client_auth_fail(void *client, int authtype)",
    "rpc_tls_context_new(void *ctxt, const char *cacert, const char *cacrl, const char *cert, const char *key, " +
      "int sanityCheckCert, int requireValidCert, int isServer)",
    "rpc_tls_context_dispose(void *ctxt)",
    "rpc_tls_context_session_allow(void *ctxt, void *sess, const char *dname)",
    "rpc_tls_context_session_deny(void *ctxt, void *sess, const char *dname)",
    "rpc_tls_context_session_fail(void *ctxt, void *sess)",
    "rpc_tls_session_new(void *sess, void *ctxt, const char *hostname, int isServer)",
    "rpc_tls_session_dispose(void *sess)",
    "rpc_tls_session_handshake_pass(void *sess)",
    "rpc_tls_session_handshake_fail(void *sess)",
    "rpc_keepalive_new(void *ka, void *client)",
    "rpc_keepalive_dispose(void *ka)",
    "rpc_keepalive_start(void *ka, void *client, int interval, int count)",
    "rpc_keepalive_stop(void *ka, void *client)",
    "rpc_keepalive_send(void *ka, void *client, int prog, int vers, int proc)",
    "rpc_keepalive_received(void *ka, void *client, int prog, int vers, int proc)",
    "rpc_keepalive_timeout(void *ka, void *client, int coundToDeath, int idle)",
    // src/qemu/libvirt_qemu_probes.d
    "qemu_monitor_new(void *mon, int fd)",
    "qemu_monitor_ref(void *mon)",
    "qemu_monitor_unref(void *mon)",
    "qemu_monitor_close(void *monm)",
    "qemu_monitor_send_msg(void *mon, const char *msg, int fd)",
    "qemu_monitor_recv_reply(void *mon, const char *reply)",
    "qemu_monitor_recv_event(void *mon, const char *event)",
  ],
};
