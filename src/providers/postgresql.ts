/**
 * PostgreSQL's `postgresql` provider: `src/backend/utils/probes.d` of
 * PostgreSQL 15 (its typedefs: `LocalTransactionId`, `BlockNumber` and
 * `Oid` are `unsigned int`, `LWLockMode`, `LOCKMODE` and `ForkNumber`
 * `int`, `bool` `unsigned char`), argument names from the documentation's
 * table of built-in probes ("Dynamic Tracing", 28.5.2).
 */
import type { ProviderData } from "./types.js";

const REL = "ForkNumber fork, BlockNumber block, Oid tablespace, Oid database, Oid relation";

export const postgresql: ProviderData = {
  provider: "postgresql",
  source: "PostgreSQL src/backend/utils/probes.d, 15",
  probes: [
    "transaction__start(LocalTransactionId transaction_id)",
    "transaction__commit(LocalTransactionId transaction_id)",
    "transaction__abort(LocalTransactionId transaction_id)",
    "lwlock__acquire(const char *tranche, LWLockMode mode)",
    "lwlock__release(const char *tranche)",
    "lwlock__wait__start(const char *tranche, LWLockMode mode)",
    "lwlock__wait__done(const char *tranche, LWLockMode mode)",
    "lwlock__condacquire(const char *tranche, LWLockMode mode)",
    "lwlock__condacquire__fail(const char *tranche, LWLockMode mode)",
    "lwlock__acquire__or__wait(const char *tranche, LWLockMode mode)",
    "lwlock__acquire__or__wait__fail(const char *tranche, LWLockMode mode)",
    "lock__wait__start(unsigned int locktag_field1, unsigned int locktag_field2, unsigned int locktag_field3, unsigned int locktag_field4, unsigned int locktag_type, LOCKMODE mode)",
    "lock__wait__done(unsigned int locktag_field1, unsigned int locktag_field2, unsigned int locktag_field3, unsigned int locktag_field4, unsigned int locktag_type, LOCKMODE mode)",
    "query__parse__start(const char *query)",
    "query__parse__done(const char *query)",
    "query__rewrite__start(const char *query)",
    "query__rewrite__done(const char *query)",
    "query__plan__start()",
    "query__plan__done()",
    "query__execute__start()",
    "query__execute__done()",
    "query__start(const char *query)",
    "query__done(const char *query)",
    "statement__status(const char *status)",
    "sort__start(int sort_type, bool unique, int nkeys, int work_mem, bool random_access, int parallel)",
    "sort__done(bool external, long space_used)",
    `buffer__read__start(${REL}, int backend, bool extend)`,
    `buffer__read__done(${REL}, int backend, bool extend, bool found)`,
    `buffer__flush__start(${REL})`,
    `buffer__flush__done(${REL})`,
    "buffer__checkpoint__start(int flags)",
    "buffer__checkpoint__sync__start()",
    "buffer__checkpoint__done()",
    "buffer__sync__start(int total_buffers, int dirty_buffers)",
    "buffer__sync__written(int buffer_id)",
    "buffer__sync__done(int total_buffers, int written_buffers, int dirty_buffers)",
    `buffer__write__dirty__start(${REL})`,
    `buffer__write__dirty__done(${REL})`,
    "deadlock__found()",
    "checkpoint__start(int flags)",
    "checkpoint__done(int buffers_written, int total_buffers, int wal_added, int wal_removed, int wal_recycled)",
    "clog__checkpoint__start(bool shutdown)",
    "clog__checkpoint__done(bool shutdown)",
    "subtrans__checkpoint__start(bool shutdown)",
    "subtrans__checkpoint__done(bool shutdown)",
    "multixact__checkpoint__start(bool shutdown)",
    "multixact__checkpoint__done(bool shutdown)",
    "twophase__checkpoint__start()",
    "twophase__checkpoint__done()",
    `smgr__md__read__start(${REL}, int backend)`,
    `smgr__md__read__done(${REL}, int backend, int bytes, int requested)`,
    `smgr__md__write__start(${REL}, int backend)`,
    `smgr__md__write__done(${REL}, int backend, int bytes, int requested)`,
    "wal__insert(unsigned char rmid, unsigned char info)",
    "wal__switch()",
    "wal__buffer__write__dirty__start()",
    "wal__buffer__write__dirty__done()",
  ],
};
