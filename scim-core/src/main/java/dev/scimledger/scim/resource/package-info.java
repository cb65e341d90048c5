/**
 * Normalisation of SCIM resource representations (RFC 7643 §2, §3; RFC 7644 §3.3, §3.5.1) into the canonical
 * stored form used by the rest of the engine.
 */
package dev.scimledger.scim.resource;
