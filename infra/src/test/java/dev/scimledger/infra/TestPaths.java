package dev.scimledger.infra;

import java.nio.file.Path;

/** Shared test locations. */
final class TestPaths {

    /** One unpacked copy of the PostgreSQL binaries for all tests (and later runs until {@code mvn clean}). */
    static final Path PG_BINARIES = Path.of("target", "pg-binaries").toAbsolutePath();

    private TestPaths() {
    }
}
