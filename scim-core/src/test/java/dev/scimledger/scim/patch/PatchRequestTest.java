package dev.scimledger.scim.patch;

import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.patch.PatchOperation.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.scimledger.scim.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PatchRequestTest {

    private static final String SCHEMAS = "\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]";

    private static List<PatchOperation> ops(String operationsJson) {
        return PatchRequest.parse(parse("{" + SCHEMAS + ",\"Operations\":" + operationsJson + "}"));
    }

    @Test
    void parses_the_entra_disable_user_request() {
        List<PatchOperation> ops = PatchRequest.parse(parse("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}"""));
        assertThat(ops).containsExactly(new PatchOperation(Op.REPLACE, PatchPath.parse("active"), parse("\"False\"")));
    }

    @Test
    void parses_the_entra_no_path_add() {
        List<PatchOperation> ops = ops("""
                [{"op":"Add","value":{"name.givenName":"Jane","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Eng"}}]""");
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).op()).isEqualTo(Op.ADD);
        assertThat(ops.get(0).path()).isNull();
        assertThat(ops.get(0).value().get("name.givenName").textValue()).isEqualTo("Jane");
    }

    @Test
    void parses_rfc7644_examples() {
        // RFC 7644 §3.5.2.1, §3.5.2.2, §3.5.2.3
        List<PatchOperation> ops = ops("""
                [
                 {"op":"add","path":"members","value":[{"display":"Babs Jensen",
                   "$ref":"https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                   "value":"2819c223-7f76-453a-919d-413861904646"}]},
                 {"op":"add","value":{"emails":[{"value":"babs@jensen.org","type":"home"}],"nickname":"Babs"}},
                 {"op":"remove","path":"members[value eq \\"2819c223-7f76-453a-919d-413861904646\\"]"},
                 {"op":"remove","path":"members"},
                 {"op":"replace","path":"addresses[type eq \\"work\\"].streetAddress","value":"1010 Broadway Ave"},
                 {"op":"remove","path":"emails[type eq \\"work\\" and value ew \\"example.com\\"]"}
                ]""");
        assertThat(ops).extracting(PatchOperation::op)
                .containsExactly(Op.ADD, Op.ADD, Op.REMOVE, Op.REMOVE, Op.REPLACE, Op.REMOVE);
        assertThat(ops.get(2).path().valueFilter()).isNotNull();
        assertThat(ops.get(4).path().subAttribute()).isEqualTo("streetAddress");
    }

    @Test
    void member_names_and_op_names_are_case_insensitive() {
        List<PatchOperation> ops = PatchRequest.parse(parse("""
                {"SCHEMAS":["URN:IETF:PARAMS:SCIM:API:MESSAGES:2.0:PATCHOP"],
                 "operations":[{"OP":"REMOVE","Path":"title"},{"Op":"rEpLaCe","PATH":"title","VALUE":"x"},
                               {"op":"Add","path":"title","value":"y"}]}"""));
        assertThat(ops).extracting(PatchOperation::op).containsExactly(Op.REMOVE, Op.REPLACE, Op.ADD);
    }

    @Test
    void blank_or_null_path_means_no_path() {
        assertThat(ops("[{\"op\":\"replace\",\"path\":\"\",\"value\":{\"title\":\"x\"}}]").get(0).path()).isNull();
        assertThat(ops("[{\"op\":\"replace\",\"path\":null,\"value\":{\"title\":\"x\"}}]").get(0).path()).isNull();
    }

    @Test
    void a_json_null_value_is_kept_as_null_node() {
        assertThat(ops("[{\"op\":\"replace\",\"path\":\"title\",\"value\":null}]").get(0).value().isNull()).isTrue();
    }

    static Stream<Arguments> bad_requests() {
        String s = SCHEMAS;
        return Stream.of(
                arguments("[]", ScimErrorType.INVALID_SYNTAX),
                arguments("\"x\"", ScimErrorType.INVALID_SYNTAX),
                arguments("{\"Operations\":[{\"op\":\"remove\",\"path\":\"title\"}]}", ScimErrorType.INVALID_SYNTAX),
                arguments("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"title\"}]}", ScimErrorType.INVALID_SYNTAX),
                arguments("{\"schemas\":\"urn:ietf:params:scim:api:messages:2.0:PatchOp\",\"Operations\":[{\"op\":\"remove\",\"path\":\"title\"}]}", ScimErrorType.INVALID_SYNTAX),
                arguments("{" + s + "}", ScimErrorType.INVALID_SYNTAX),
                arguments("{" + s + ",\"Operations\":[]}", ScimErrorType.INVALID_SYNTAX),
                arguments("{" + s + ",\"Operations\":{\"op\":\"remove\",\"path\":\"title\"}}", ScimErrorType.INVALID_SYNTAX),
                arguments("{" + s + ",\"Operations\":[\"remove\"]}", ScimErrorType.INVALID_SYNTAX),
                arguments("{" + s + ",\"Operations\":[{\"path\":\"title\"}]}", ScimErrorType.INVALID_SYNTAX),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"delete\",\"path\":\"title\"}]}", ScimErrorType.INVALID_SYNTAX),
                arguments("{" + s + ",\"Operations\":[{\"op\":5,\"path\":\"title\"}]}", ScimErrorType.INVALID_SYNTAX),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"remove\",\"path\":\"a\",\"PATH\":\"b\"}]}", ScimErrorType.INVALID_SYNTAX),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"remove\"}]}", ScimErrorType.NO_TARGET),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"Remove\",\"value\":{\"title\":\"x\"}}]}", ScimErrorType.NO_TARGET),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"add\",\"path\":\"title\"}]}", ScimErrorType.INVALID_VALUE),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"replace\"}]}", ScimErrorType.INVALID_VALUE),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"replace\",\"value\":\"x\"}]}", ScimErrorType.INVALID_VALUE),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"add\",\"value\":[{\"title\":\"x\"}]}]}", ScimErrorType.INVALID_VALUE),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"replace\",\"value\":null}]}", ScimErrorType.INVALID_VALUE),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"add\",\"path\":\"emails[type eq work]\",\"value\":\"x\"}]}", ScimErrorType.INVALID_PATH),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"add\",\"path\":\"name..givenName\",\"value\":\"x\"}]}", ScimErrorType.INVALID_PATH),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"add\",\"path\":5,\"value\":\"x\"}]}", ScimErrorType.INVALID_PATH),
                arguments("{" + s + ",\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"1\\\"\"}]}", ScimErrorType.INVALID_PATH));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("bad_requests")
    void rejects_bad_requests_with_the_right_scim_type(String body, ScimErrorType expected) {
        assertThatThrownBy(() -> PatchRequest.parse(parse(body))).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(expected);
        });
    }

    @Test
    void null_body_is_invalid_syntax() {
        assertThatThrownBy(() -> PatchRequest.parse(null)).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_SYNTAX));
    }

    @Test
    void errors_name_the_operation_index() {
        assertThatThrownBy(() -> ops("[{\"op\":\"remove\",\"path\":\"title\"},{\"op\":\"remove\"}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains("Operations[1]"));
    }
}
