// OpenSSL's function-like macros, wrapped so Swift can call them.
#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/rand.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>

/* SHA-256 of one short buffer (an API key, once per request). OpenSSL 3's one-shot SHA256() and EVP_Digest
   look the algorithm up by name and allocate a context on every call; the low-level functions are deprecated
   but present in every 3.x build and hash in a stack context with no lock and no allocation. SHA256_Final
   already wipes the context's message block; what is left is the digest itself, which the caller holds. */
static inline void copenssl_sha256(const void *data, size_t count, unsigned char *digest) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, data, count);
    SHA256_Final(digest, &context);
#pragma GCC diagnostic pop
}

static inline long copenssl_CTX_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
static inline long copenssl_CTX_set_options(SSL_CTX *ctx, long options) { return SSL_CTX_set_options(ctx, options); }
static inline int copenssl_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long copenssl_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline int copenssl_BIO_pending(BIO *bio) { return (int)BIO_ctrl_pending(bio); }
static inline int copenssl_BIO_set_mem_eof_return(BIO *bio, int value) { return (int)BIO_set_mem_eof_return(bio, value); }
static inline int copenssl_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}
static inline int copenssl_CTX_set1_groups_list(SSL_CTX *ctx, const char *groups) {
    return (int)SSL_CTX_set1_groups_list(ctx, groups);
}
static inline long copenssl_CTX_sess_set_cache_size(SSL_CTX *ctx, long size) {
    return SSL_CTX_sess_set_cache_size(ctx, size);
}
/* Session cache counters, for tests that tell a cache hit from a ticket. */
static inline long copenssl_CTX_sess_number(SSL_CTX *ctx) { return SSL_CTX_sess_number(ctx); }
static inline long copenssl_CTX_sess_hits(SSL_CTX *ctx) { return SSL_CTX_sess_hits(ctx); }
/* OpenSSL 3 builds SSL_OP_* with the function-like SSL_OP_BIT, which Swift cannot import. */
static inline long copenssl_OP_NO_COMPRESSION(void) { return (long)SSL_OP_NO_COMPRESSION; }
static inline long copenssl_OP_NO_RENEGOTIATION(void) { return (long)SSL_OP_NO_RENEGOTIATION; }
static inline long copenssl_OP_CIPHER_SERVER_PREFERENCE(void) { return (long)SSL_OP_CIPHER_SERVER_PREFERENCE; }
static inline long copenssl_OP_NO_TICKET(void) { return (long)SSL_OP_NO_TICKET; }
/* Bytes a memory BIO keeps allocated; BIO_s_mem never shrinks its buffer on its own. */
static inline size_t copenssl_BIO_mem_capacity(BIO *bio) {
    BUF_MEM *mem = NULL;
    if (BIO_get_mem_ptr(bio, &mem) <= 0 || mem == NULL) return 0;
    return mem->max;
}

#endif
