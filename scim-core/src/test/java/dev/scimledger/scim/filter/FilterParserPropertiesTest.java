package dev.scimledger.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FilterParserPropertiesTest {

    private static final List<String> URNS = List.of(
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:x");

    @Property(tries = 1000)
    void parsing_the_rendering_of_a_filter_gives_the_same_filter(@ForAll("filters") Filter filter) {
        String text = filter.render();
        if (text.length() > FilterParser.MAX_LENGTH) {
            return;
        }
        assertThat(FilterParser.parse(text)).isEqualTo(filter);
    }

    @Property(tries = 1000)
    void arbitrary_strings_parse_or_fail_with_invalid_filter_only(@ForAll("junk") String text) {
        assertOnlyInvalidFilter(text);
    }

    @Property(tries = 1000)
    void token_soup_parses_or_fails_with_invalid_filter_only(@ForAll("tokenSoup") String text) {
        assertOnlyInvalidFilter(text);
    }

    @Property(tries = 500)
    void mutated_valid_filters_parse_or_fail_with_invalid_filter_only(@ForAll("filters") Filter filter,
                                                                      @ForAll("mutations") List<Tuple.Tuple2<Integer, Character>> edits) {
        StringBuilder b = new StringBuilder(filter.render());
        for (Tuple.Tuple2<Integer, Character> edit : edits) {
            int at = Math.floorMod(edit.get1(), b.length() + 1);
            if (edit.get2() == '\u0000' && at < b.length()) {
                b.deleteCharAt(at);
            } else {
                b.insert(at, edit.get2());
            }
        }
        assertOnlyInvalidFilter(b.toString());
    }

    private static void assertOnlyInvalidFilter(String text) {
        try {
            Filter f = FilterParser.parse(text);
            assertThat(FilterParser.parse(f.render())).isEqualTo(f);
        } catch (ScimException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_FILTER);
        }
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("ab \"()[]\\.:-019eE+$uqtnrsw\t").ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        Arbitrary<String> token = Arbitraries.of("userName", "emails", "name.givenName", "urn:a:b:c", "eq", "EQ", "co",
                "gt", "pr", "and", "or", "not", "(", ")", "[", "]", "\"x\"", "\"", "\\", "42", "-1.5e3", "true", "null",
                ".value", "$ref", "", " ", ":", "\"\\u00e9\"", "\"\\uZZZZ\"");
        return token.list().ofMaxSize(20).map(ts -> String.join(" ", ts))
                .injectDuplicates(0.0)
                .flatMap(s -> Arbitraries.of(s, s.replace(" ", "")));
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Character>>> mutations() {
        Arbitrary<Character> chars = Arbitraries.of('\u0000', '"', '(', ')', '[', ']', ' ', '\\', 'x', '.', ':', '1');
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), chars).as(Tuple::of).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Filter> filters() {
        return filter(4, true);
    }

    private Arbitrary<Filter> filter(int depth, boolean allowValuePath) {
        Arbitrary<Filter> atom = allowValuePath
                ? Arbitraries.frequencyOf(Tuple.of(4, comparisonOrPresent()), Tuple.of(1, valuePath()))
                : comparisonOrPresent();
        if (depth == 0) {
            return atom;
        }
        Arbitrary<Filter> sub = Arbitraries.lazy(() -> filter(depth - 1, allowValuePath));
        return Arbitraries.frequencyOf(
                Tuple.of(3, atom),
                Tuple.of(1, Combinators.combine(sub, sub).as(And::new)),
                Tuple.of(1, Combinators.combine(sub, sub).as(Or::new)),
                Tuple.of(1, sub.map(Not::new)));
    }

    private Arbitrary<Filter> valuePath() {
        Arbitrary<AttributePath> attr = Combinators.combine(urns(), names()).as((u, n) -> new AttributePath(u, n, null));
        return Combinators.combine(attr, Arbitraries.lazy(() -> filter(2, false))).as(ValuePathFilter::new);
    }

    private Arbitrary<Filter> comparisonOrPresent() {
        Arbitrary<Filter> present = paths().map(Present::new);
        Arbitrary<Filter> strings = Combinators.combine(paths(), Arbitraries.of(ComparisonOperator.values()),
                Arbitraries.strings().ofMaxLength(12)).as((p, op, s) -> new Comparison(p, op, TextNode.valueOf(s)));
        Arbitrary<ComparisonOperator> numberOps = Arbitraries.of(ComparisonOperator.EQ, ComparisonOperator.NE,
                ComparisonOperator.GT, ComparisonOperator.GE, ComparisonOperator.LT, ComparisonOperator.LE);
        Arbitrary<Filter> numbers = Combinators.combine(paths(), numberOps, numbers())
                .as((p, op, n) -> new Comparison(p, op, n));
        Arbitrary<JsonNode> literals = Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance());
        Arbitrary<Filter> others = Combinators.combine(paths(),
                Arbitraries.of(ComparisonOperator.EQ, ComparisonOperator.NE), literals)
                .as((p, op, v) -> new Comparison(p, op, v));
        return Arbitraries.frequencyOf(Tuple.of(1, present), Tuple.of(3, strings), Tuple.of(2, numbers),
                Tuple.of(1, others));
    }

    private Arbitrary<JsonNode> numbers() {
        Arbitrary<JsonNode> longs = Arbitraries.longs().map(LongNode::valueOf);
        Arbitrary<JsonNode> decimals = Combinators.combine(Arbitraries.bigIntegers().between(
                        BigInteger.valueOf(-1_000_000_000L), BigInteger.valueOf(1_000_000_000L)),
                Arbitraries.integers().between(-6, 12))
                .as((unscaled, scale) -> DecimalNode.valueOf(new BigDecimal(unscaled, scale)));
        return Arbitraries.oneOf(longs, decimals);
    }

    private Arbitrary<AttributePath> paths() {
        return Combinators.combine(urns(), names(), names().injectNull(0.6)).as(AttributePath::new);
    }

    private Arbitrary<String> urns() {
        return Arbitraries.of(URNS).injectNull(0.7);
    }

    private Arbitrary<String> names() {
        Arbitrary<String> generated = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-', '_').ofMaxLength(7))
                .as(String::concat);
        return Arbitraries.oneOf(generated,
                Arbitraries.of("userName", "emails", "value", "type", "$ref", "not", "and", "or", "pr", "eq", "true", "null"));
    }
}
