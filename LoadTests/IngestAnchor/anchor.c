/*
 * The plain-C ingest anchor of issue 11: what the server's ingest path costs when written directly against
 * libbson and libmongoc. For each run: bson_new_from_json on the run's JSON (libbson's own parser), append the
 * fields the server adds (_id, agent_id, version, counted), then mongoc_collection_insert_many in batches.
 * Reports its own CPU per run (getrusage user + system), excluding the generation of its input.
 *
 *   cc -O2 -o anchor LoadTests/IngestAnchor/anchor.c $(pkg-config --cflags --libs libmongoc-1.0)
 *   ./anchor URI DATABASE RUNS BATCH [FIRST_ID]
 *
 * Prints one line: runs=N batch=B cpu_us_per_run=X wall_s=Y
 */
#include <mongoc/mongoc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double cpu_seconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double wall_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s URI DATABASE RUNS BATCH [FIRST_ID]\n", argv[0]);
        return 2;
    }
    const char *uri = argv[1];
    const char *database = argv[2];
    long runs = atol(argv[3]);
    long batch = atol(argv[4]);
    long first = argc > 5 ? atol(argv[5]) : 0;
    if (runs < 1 || batch < 1) return 2;

    /* The input, generated before the clock starts: the same run shape the server benchmark posts. */
    char **json = malloc(sizeof(char *) * runs);
    for (long i = 0; i < runs; i++) {
        long id = first + i;
        long seconds = 1690891200 + id;
        time_t t = (time_t)seconds;
        struct tm tm;
        gmtime_r(&t, &tm);
        char created[32];
        strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
        json[i] = bson_strdup_printf(
            "{\"created\":\"%s\",\"status\":\"%s\",\"time_taken\":\"5m30s\",\"initiator\":\"user123\","
            "\"tools\":[\"tool1\",\"tool2\"],\"cost\":0.1,\"models\":[\"model1\"],\"id\":%ld,\"task_id\":%ld}",
            created, id % 5 == 0 ? "failed" : "completed", id, id % 97);
    }

    mongoc_init();
    mongoc_client_t *client = mongoc_client_new(uri);
    if (!client) return 1;
    mongoc_collection_t *collection = mongoc_client_get_collection(client, database, "agent_runs");
    bson_t **documents = malloc(sizeof(bson_t *) * batch);
    bson_t options = BSON_INITIALIZER;
    BSON_APPEND_BOOL(&options, "ordered", false);

    /* CPU spent inside insert_many alone (libmongoc and libbson assembling, sending and reading the command). */
    double insert_cpu = 0;
    double cpu_start = cpu_seconds();
    double wall_start = wall_seconds();
    for (long start = 0; start < runs; start += batch) {
        long count = start + batch <= runs ? batch : runs - start;
        for (long i = 0; i < count; i++) {
            bson_error_t error;
            bson_t *run = bson_new_from_json((const uint8_t *)json[start + i], -1, &error);
            if (!run) {
                fprintf(stderr, "json: %s\n", error.message);
                return 1;
            }
            /* The fields the server adds to every stored run. */
            bson_t *document = bson_new();
            bson_oid_t oid;
            bson_oid_init(&oid, NULL);
            BSON_APPEND_OID(document, "_id", &oid);
            BSON_APPEND_UTF8(document, "agent_id", "0123456789abcdef01234567");
            BSON_APPEND_UTF8(document, "version", "1.0.0");
            bson_concat(document, run);
            BSON_APPEND_BOOL(document, "counted", false);
            bson_destroy(run);
            documents[i] = document;
        }
        bson_error_t error;
        double insert_start = cpu_seconds();
        if (!mongoc_collection_insert_many(collection, (const bson_t **)documents, count, &options, NULL, &error)) {
            fprintf(stderr, "insert_many: %s\n", error.message);
            return 1;
        }
        insert_cpu += cpu_seconds() - insert_start;
        for (long i = 0; i < count; i++) bson_destroy(documents[i]);
    }
    double cpu = cpu_seconds() - cpu_start;
    double wall = wall_seconds() - wall_start;
    printf("runs=%ld batch=%ld cpu_us_per_run=%.2f insert_many_us_per_run=%.2f wall_s=%.2f\n", runs, batch,
           cpu * 1e6 / runs, insert_cpu * 1e6 / runs, wall);

    bson_destroy(&options);
    mongoc_collection_destroy(collection);
    mongoc_client_destroy(client);
    mongoc_cleanup();
    return 0;
}
