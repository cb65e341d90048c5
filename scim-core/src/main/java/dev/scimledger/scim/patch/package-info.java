/**
 * SCIM PATCH, RFC 7644 §3.5.2: request parsing ({@link dev.scimledger.scim.patch.PatchRequest}), paths
 * ({@link dev.scimledger.scim.patch.PatchPath}) and a pure apply function
 * ({@link dev.scimledger.scim.patch.ResourcePatcher}) that also accepts the forms real clients such as Microsoft
 * Entra ID send.
 */
package dev.scimledger.scim.patch;
