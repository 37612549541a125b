/* replay.c — runs the fuzz target over saved inputs without libFuzzer, so that CI replays the
 * corpus and every crash reproducer (ctest `fuzz_replay`, also under ASan/UBSan).
 *
 * What: each argument is a file or a folder (its regular files, not recursed); each file's bytes go
 * to LLVMFuzzerTestOneInput exactly as libFuzzer would pass them. A crash, a sanitizer report or a
 * leak fails the test through the sanitizers' own exit status; the program itself fails only when
 * an argument cannot be read or a folder holds no input, so that a mistyped path cannot pass.
 * Why: the libFuzzer build needs clang; this driver builds with any C11 compiler in the normal
 * build. Cost: one scenario_parse per file (about 2 s for the whole corpus under ASan). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read a whole file into a malloc'ed buffer owned by the caller; NULL (and a message) on failure. */
static uint8_t *read_whole(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return NULL;
    }
    uint8_t *data = NULL;
    size_t used = 0, capacity = 0;
    for (;;) {
        if (used == capacity) {
            capacity = capacity == 0 ? 65536 : 2 * capacity;
            uint8_t *grown = realloc(data, capacity);
            if (grown == NULL) {
                free(data);
                fclose(f);
                fprintf(stderr, "%s: out of memory\n", path);
                return NULL;
            }
            data = grown;
        }
        size_t got = fread(data + used, 1, capacity - used, f);
        used += got;
        if (got == 0) break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        fprintf(stderr, "%s: read error\n", path);
        free(data);
        return NULL;
    }
    *size = used;
    return data;
}

static int replay_file(const char *path)
{
    size_t size = 0;
    uint8_t *data = read_whole(path, &size);
    if (data == NULL) return 0;
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    return 1;
}

/* Every regular file of a folder; returns how many were replayed, -1 on an unreadable one. */
static long replay_folder(const char *folder)
{
    DIR *dir = opendir(folder);
    if (dir == NULL) {
        perror(folder);
        return -1;
    }
    long count = 0;
    struct dirent *entry;
    char path[4096];
    while ((entry = readdir(dir)) != NULL) {
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        if (entry->d_name[0] == '.' || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (!replay_file(path)) {
            count = -1;
            break;
        }
        count++;
    }
    closedir(dir);
    return count;
}

int main(int argc, char **argv)
{
    long total = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 1;
        }
        long n = S_ISDIR(st.st_mode) ? replay_folder(argv[i]) : replay_file(argv[i]);
        if (n <= 0) {
            fprintf(stderr, "%s: %s\n", argv[i], n == 0 ? "no input to replay" : "cannot replay");
            return 1;
        }
        total += n;
    }
    printf("fuzz_replay: %ld inputs replayed, no crash\n", total);
    return 0;
}
