package dev.scimledger.scim.filter;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static dev.scimledger.scim.filter.ComparisonOperator.CO;
import static dev.scimledger.scim.filter.ComparisonOperator.EQ;
import static dev.scimledger.scim.filter.ComparisonOperator.EW;
import static dev.scimledger.scim.filter.ComparisonOperator.GT;
import static dev.scimledger.scim.filter.ComparisonOperator.NE;
import static dev.scimledger.scim.filter.ComparisonOperator.SW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterParserTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static Comparison cmp(String attr, ComparisonOperator op, String value) {
        return new Comparison(path(attr), op, TextNode.valueOf(value));
    }

    private static AttributePath path(String text) {
        return FilterParser.parseAttributePath(text);
    }

    /** The filter examples of RFC 7644 §3.4.2.2 (the "filter=" lines). */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "userName eq \"bjensen\"",
            "name.familyName co \"O'Malley\"",
            "userName sw \"J\"",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"",
            "title pr",
            "meta.lastModified gt \"2011-05-13T04:42:34Z\"",
            "meta.lastModified ge \"2011-05-13T04:42:34Z\"",
            "meta.lastModified lt \"2011-05-13T04:42:34Z\"",
            "meta.lastModified le \"2011-05-13T04:42:34Z\"",
            "title pr and userType eq \"Employee\"",
            "title pr or userType eq \"Intern\"",
            "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
            "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
            "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
            "userType eq \"Employee\" and (emails.type eq \"work\")",
            "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
            "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
    })
    void parses_every_filter_example_of_rfc7644_and_round_trips_through_render(String filter) {
        Filter f = FilterParser.parse(filter);
        assertThat(FilterParser.parse(f.render())).isEqualTo(f);
    }

    @Test
    void rfc_examples_yield_the_expected_trees() {
        assertThat(FilterParser.parse("userName eq \"bjensen\"")).isEqualTo(cmp("userName", EQ, "bjensen"));
        assertThat(FilterParser.parse("title pr")).isEqualTo(new Present(path("title")));
        assertThat(FilterParser.parse("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\""))
                .isEqualTo(new Comparison(new AttributePath("urn:ietf:params:scim:schemas:core:2.0:User", "userName", null),
                        SW, TextNode.valueOf("J")));
        assertThat(FilterParser.parse("meta.lastModified gt \"2011-05-13T04:42:34Z\""))
                .isEqualTo(new Comparison(AttributePath.of("meta", "lastModified"), GT, TextNode.valueOf("2011-05-13T04:42:34Z")));
        assertThat(FilterParser.parse(
                "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")"))
                .isEqualTo(new And(cmp("userType", NE, "Employee"),
                        new Not(new Or(cmp("emails", CO, "example.com"), cmp("emails.value", CO, "example.org")))));
        assertThat(FilterParser.parse(
                "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]"))
                .isEqualTo(new Or(
                        new ValuePathFilter(path("emails"), new And(cmp("type", EQ, "work"), cmp("value", CO, "@example.com"))),
                        new ValuePathFilter(path("ims"), new And(cmp("type", EQ, "xmpp"), cmp("value", CO, "@foo.com")))));
    }

    @Test
    void urn_qualified_paths_split_at_the_last_colon() {
        assertThat(path(ENTERPRISE + ":employeeNumber"))
                .isEqualTo(new AttributePath(ENTERPRISE, "employeeNumber", null));
        assertThat(path("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName"))
                .isEqualTo(new AttributePath("urn:ietf:params:scim:schemas:core:2.0:User", "name", "familyName"));
        assertThat(path(ENTERPRISE + ":manager.value"))
                .isEqualTo(new AttributePath(ENTERPRISE, "manager", "value"));
        assertThat(path("members.$ref")).isEqualTo(AttributePath.of("members", "$ref"));
    }

    @Test
    void and_binds_tighter_than_or_and_both_associate_left() {
        Filter a = new Present(path("a"));
        Filter b = new Present(path("b"));
        Filter c = new Present(path("c"));
        assertThat(FilterParser.parse("a pr or b pr and c pr")).isEqualTo(new Or(a, new And(b, c)));
        assertThat(FilterParser.parse("a pr and b pr or c pr")).isEqualTo(new Or(new And(a, b), c));
        assertThat(FilterParser.parse("a pr and b pr and c pr")).isEqualTo(new And(new And(a, b), c));
        assertThat(FilterParser.parse("a pr or b pr or c pr")).isEqualTo(new Or(new Or(a, b), c));
        assertThat(FilterParser.parse("(a pr or b pr) and c pr")).isEqualTo(new And(new Or(a, b), c));
        assertThat(FilterParser.parse("not (a pr) and b pr")).isEqualTo(new And(new Not(a), b));
        assertThat(FilterParser.parse("a pr and (b pr and c pr)").render()).isEqualTo("a pr and (b pr and c pr)");
        assertThat(FilterParser.parse("((a pr))")).isEqualTo(a);
    }

    @Test
    void operators_keywords_and_literals_are_case_insensitive() {
        Filter f = FilterParser.parse("userName EQ \"x\" AND Title PR Or NOT (active Eq TRUE) and x ne Null");
        assertThat(f.render()).isEqualTo("userName eq \"x\" and Title pr or not (active eq true) and x ne null");
        assertThat(FilterParser.parse("active eq False")).isEqualTo(new Comparison(path("active"), EQ, BooleanNode.FALSE));
    }

    @Test
    void values_can_be_strings_numbers_booleans_and_null() {
        assertThat(((Comparison) FilterParser.parse("x eq 42")).value()).isEqualTo(LongNode.valueOf(42));
        assertThat(((Comparison) FilterParser.parse("x eq -7")).value()).isEqualTo(LongNode.valueOf(-7));
        assertThat(((Comparison) FilterParser.parse("x gt 1.50")).value()).isEqualTo(DecimalNode.valueOf(new BigDecimal("1.50")));
        assertThat(((Comparison) FilterParser.parse("x gt 1e3")).value()).isEqualTo(DecimalNode.valueOf(new BigDecimal("1e3")));
        assertThat(((Comparison) FilterParser.parse("x eq 10e0")).value()).isEqualTo(LongNode.valueOf(10));
        assertThat(((Comparison) FilterParser.parse("x eq true")).value()).isEqualTo(BooleanNode.TRUE);
        assertThat(((Comparison) FilterParser.parse("x eq null")).value()).isEqualTo(NullNode.getInstance());
        assertThat(FilterParser.parse("x gt 1e3").render()).isEqualTo("x gt 1E+3");
        assertThat(FilterParser.parse(FilterParser.parse("x gt 1e3").render())).isEqualTo(FilterParser.parse("x gt 1e3"));
    }

    @Test
    void json_string_escapes_are_decoded_and_re_encoded() {
        Comparison c = (Comparison) FilterParser.parse("displayName eq \"say \\\"hi\\\" \\\\ \\u0041\\/\\n\"");
        assertThat(c.value().textValue()).isEqualTo("say \"hi\" \\ A/\n");
        assertThat(c.render()).isEqualTo("displayName eq \"say \\\"hi\\\" \\\\ A/\\n\"");
        assertThat(FilterParser.parse(c.render())).isEqualTo(c);
        assertThat(((Comparison) FilterParser.parse("x eq \"[not] (and) or\"")).value().textValue())
                .isEqualTo("[not] (and) or");
    }

    @Test
    void whitespace_is_flexible_around_delimiters() {
        Filter expected = FilterParser.parse("emails[type eq \"work\"] and (title pr)");
        assertThat(FilterParser.parse("  emails[ type eq\"work\" ]and(title pr)  ")).isEqualTo(expected);
        assertThat(FilterParser.parse("title\tpr")).isEqualTo(new Present(path("title")));
        assertThat(FilterParser.parse("not(title pr)")).isEqualTo(new Not(new Present(path("title"))));
    }

    @Test
    void keywords_are_contextual_so_attributes_may_be_named_like_them() {
        assertThat(FilterParser.parse("not eq \"x\"")).isEqualTo(cmp("not", EQ, "x"));
        assertThat(FilterParser.parse("and pr or or pr"))
                .isEqualTo(new Or(new Present(path("and")), new Present(path("or"))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "userName eq bjensen",               // unquoted value
            "userName eq",                       // missing value
            "userName",                          // missing operator
            "userName xx \"a\"",                 // unknown operator
            "userName eq \"a\" xx",              // trailing garbage
            "(userName eq \"a\"",                // unbalanced
            "userName eq \"a\")",                // unbalanced
            "emails[type eq \"work\"",           // missing ]
            "emails[type eq \"work\"]]",
            "emails[type[value eq \"x\"]]",      // nested value filter
            "emails.value[type eq \"x\"]",       // value filter after sub-attribute
            "emails[type eq \"work\"].value eq \"x\"", // PATCH-only form
            "not userName eq \"a\"",             // not without parentheses
            "userName eq \"a",                   // unterminated string
            "userName eq \"a\\q\"",              // bad escape
            "userName eq \"\\u12\"",             // short \\u escape
            "userName eq 5abc",                  // bad number
            "userName eq 01",                    // leading zero
            "userName eq 1.",                    // bad decimal
            "userName eq -",
            "active gt true",                    // ordering a boolean
            "x lt null",
            "userName co 5",                     // substring on a number
            "name.givenName.x eq \"a\"",         // two sub-attribute levels
            "1abc eq \"a\"",
            "\"a\" eq \"a\"",
            "a pr and",
            "a pr or or",
            "and",
            "()",
            "[]",
            "urn:ietf:params:scim:schemas:core:2.0:User: eq \"a\"",
            ":x eq \"a\"",
            "a.b.c pr",
            "ab$ pr",
            "a b pr",
            "   ",
            "",
    })
    void rejects_malformed_filters_with_invalid_filter(String filter) {
        assertThatThrownBy(() -> FilterParser.parse(filter))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_FILTER);
                    assertThat(e.detail()).isNotBlank();
                });
    }

    @Test
    void syntax_error_details_say_where() {
        assertThatThrownBy(() -> FilterParser.parse("userName eq bjensen"))
                .isInstanceOfSatisfying(ScimException.class, e ->
                        assertThat(e.detail()).contains("position 13").contains("quotes"));
        assertThatThrownBy(() -> FilterParser.parse("(title pr"))
                .isInstanceOfSatisfying(ScimException.class, e ->
                        assertThat(e.detail()).contains("position 10").contains("')'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "a b", "a pr", "(a)", "a[b pr]", "\"a\"", "1a", "a.b.c", "a.", ".a", "urn:x:"})
    void parse_attribute_path_rejects_anything_but_one_path(String text) {
        assertThatThrownBy(() -> FilterParser.parseAttributePath(text)).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_FILTER));
    }

    @Test
    void null_filter_is_invalid_filter() {
        assertThatThrownBy(() -> FilterParser.parse(null))
                .isInstanceOfSatisfying(ScimException.class,
                        e -> assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_FILTER));
    }

    @Test
    void nesting_up_to_the_limit_is_accepted_and_beyond_is_rejected() {
        String ok = "(".repeat(FilterParser.MAX_DEPTH) + "a pr" + ")".repeat(FilterParser.MAX_DEPTH);
        assertThat(FilterParser.parse(ok)).isEqualTo(new Present(path("a")));
        String tooDeep = "(".repeat(FilterParser.MAX_DEPTH + 1) + "a pr" + ")".repeat(FilterParser.MAX_DEPTH + 1);
        assertThatThrownBy(() -> FilterParser.parse(tooDeep))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_FILTER);
                    assertThat(e.detail()).contains("deeper than 32");
                });
        String nots = "not (".repeat(FilterParser.MAX_DEPTH + 1) + "a pr" + ")".repeat(FilterParser.MAX_DEPTH + 1);
        assertThatThrownBy(() -> FilterParser.parse(nots)).isInstanceOf(ScimException.class);
    }

    @Test
    void long_flat_chains_are_not_nesting() {
        String chain = String.join(" or ", java.util.Collections.nCopies(150, "id eq \"2819c223-7f76\""));
        assertThat(chain.length()).isLessThanOrEqualTo(FilterParser.MAX_LENGTH);
        Filter f = FilterParser.parse(chain);
        assertThat(FilterParser.parse(f.render())).isEqualTo(f);
    }

    @Test
    void length_up_to_the_limit_is_accepted_and_beyond_is_rejected() {
        String base = "userName eq \"\"";
        String ok = "userName eq \"" + "a".repeat(FilterParser.MAX_LENGTH - base.length()) + "\"";
        assertThat(ok).hasSize(FilterParser.MAX_LENGTH);
        assertThat(FilterParser.parse(ok)).isInstanceOf(Comparison.class);
        assertThatThrownBy(() -> FilterParser.parse(ok + " "))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_FILTER);
                    assertThat(e.detail()).contains("4096");
                });
    }

    @Test
    void constructing_an_invalid_ast_is_a_scim_exception() {
        assertThatThrownBy(() -> new AttributePath(null, "1x", null)).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> new AttributePath(null, null, null)).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> new Comparison(path("a"), GT, BooleanNode.TRUE)).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> new Comparison(path("a"), EW, LongNode.valueOf(1))).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> new And(null, new Present(path("a")))).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> new ValuePathFilter(path("emails"),
                new ValuePathFilter(path("x"), new Present(path("a"))))).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> new Comparison(path("a"), EQ,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()))
                .isInstanceOf(ScimException.class);
    }

    @Test
    void a_visitor_can_translate_a_filter_to_parameterised_sql() {
        List<Object> params = new ArrayList<>();
        FilterVisitor<String> sql = new FilterVisitor<>() {
            @Override
            public String visitComparison(Comparison f) {
                params.add(f.value().asText());
                return f.path().render() + (f.op() == EQ ? " = ?" : " <> ?");
            }

            @Override
            public String visitPresent(Present f) {
                return f.path().render() + " IS NOT NULL";
            }

            @Override
            public String visitAnd(And f) {
                return "(" + f.left().accept(this) + " AND " + f.right().accept(this) + ")";
            }

            @Override
            public String visitOr(Or f) {
                return "(" + f.left().accept(this) + " OR " + f.right().accept(this) + ")";
            }

            @Override
            public String visitNot(Not f) {
                return "NOT " + f.inner().accept(this);
            }

            @Override
            public String visitValuePath(ValuePathFilter f) {
                return "EXISTS(" + f.attribute().render() + ": " + f.inner().accept(this) + ")";
            }
        };
        String out = FilterParser.parse("userName eq \"a\" or not (title pr) and emails[type ne \"work\"]").accept(sql);
        assertThat(out).isEqualTo("(userName = ? OR (NOT title IS NOT NULL AND EXISTS(emails: type <> ?)))");
        assertThat(params).containsExactly("a", "work");
    }
}
