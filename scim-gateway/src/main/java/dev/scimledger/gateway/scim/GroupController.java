package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.filter.FilterParser;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Groups do not exist in this server yet (no command can create one), so a list of groups is truthfully empty and
 * a group id is never found. Writes answer 501 so that a client knows the feature is missing rather than broken.
 */
@RestController
@RequestMapping("${scim.base-path:/api/service/scim}/Groups")
class GroupController {

    @GetMapping({"", "/"})
    ResponseEntity<ObjectNode> list(@RequestParam(required = false) String filter,
                                    @RequestParam(required = false) Integer startIndex) {
        if (filter != null && !filter.isBlank()) {
            FilterParser.parse(filter);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(UserController.LIST_RESPONSE_SCHEMA);
        body.put("totalResults", 0);
        body.put("startIndex", startIndex == null || startIndex < 1 ? 1 : startIndex);
        body.put("itemsPerPage", 0);
        body.putArray("Resources");
        return ResponseEntity.ok().contentType(ScimErrors.SCIM_JSON).body(body);
    }

    @GetMapping("/{id}")
    ResponseEntity<ObjectNode> get(@PathVariable String id) {
        return ScimErrors.response(404, null, "Group " + id + " not found");
    }

    @RequestMapping(method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE},
            path = {"", "/", "/{id}"})
    ResponseEntity<ObjectNode> write() {
        return ScimErrors.response(501, null, "Groups are not supported by this server yet");
    }
}
