package dev.scimledger.gateway.tenant;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenDigestTest {

    @RepeatedTest(20)
    void newTokensAreWellFormedAndDistinct() {
        String token = TokenDigest.newToken("scimlt_");
        assertThat(token).startsWith("scimlt_").hasSize(7 + 43 + 6);
        assertThat(TokenDigest.wellFormed(token, "scimlt_")).isTrue();
        assertThat(TokenDigest.wellFormed(token, "scimla_")).as("another kind of token").isFalse();
    }

    @Test
    void anyOneCharacterTypoIsCaughtByTheChecksum() {
        String token = TokenDigest.newToken("scimlt_");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 7; i < token.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != token.charAt(i)) {
                    String typo = token.substring(0, i) + c + token.substring(i + 1);
                    assertThat(TokenDigest.wellFormed(typo, "scimlt_")).as(typo).isFalse();
                }
            }
        }
    }

    @Test
    void truncatedOrForeignTokensAreNotWellFormed() {
        String token = TokenDigest.newToken("scimlt_");
        assertThat(TokenDigest.wellFormed(token.substring(0, token.length() - 1), "scimlt_")).isFalse();
        assertThat(TokenDigest.wellFormed("scimlt_not-a-real-token", "scimlt_")).isFalse();
        assertThat(TokenDigest.wellFormed(null, "scimlt_")).isFalse();
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            digests.add(TokenDigest.digest(TokenDigest.newToken("scimlt_")));
        }
        assertThat(digests).hasSize(100);
    }
}
