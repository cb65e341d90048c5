package dev.scimledger.command.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.personal.PersonalEvent;
import dev.scimledger.messages.personal.PersonalFields;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event log's serializer: Jackson, except that the {@link dev.scimledger.messages.personal.PersonalData} of a
 * {@link PersonalEvent} is stored encrypted (AES-256-GCM, the person's own key, tenant and person as associated data)
 * under {@value #SEALED}, its plain place holding only the erased form. Reading decrypts it while the key exists;
 * after the person's erasure the event reads with its personal data erased. Events written before this serializer
 * (no {@value #SEALED}) read as they were stored.
 */
public class PersonalDataSerializer implements Serializer {

    static final String SEALED = "personalData";
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String KEYS_OF_UNIT_OF_WORK = PersonalDataSerializer.class.getName() + ".keys";

    private final Serializer delegate;
    private final PersonalDataKeys keys;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Boolean> personalTypes = new ConcurrentHashMap<>();

    public PersonalDataSerializer(Serializer delegate, PersonalDataKeys keys) {
        this.delegate = delegate;
        this.keys = keys;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (!(object instanceof PersonalEvent event) || PersonalFields.of(object.getClass()).isEmpty()) {
            return delegate.serialize(object, expectedRepresentation);
        }
        SerializedObject<JsonNode> plain = delegate.serialize(object, JsonNode.class);
        ObjectNode stored = (ObjectNode) plain.getData();
        ObjectNode personal = JsonNodeFactory.instance.objectNode();
        for (String name : PersonalFields.of(object.getClass())) {
            JsonNode value = stored.get(name);
            if (value != null && !value.isNull()) {
                personal.set(name, value);
                stored.set(name, PersonalFields.erased(value));
            }
        }
        if (!personal.isEmpty()) {
            byte[] key = keyForWriting(event.tenantId(), event.personId());
            stored.set(SEALED, seal(key, event.tenantId(), event.personId(), personal));
        }
        return new SimpleSerializedObject<>(getConverter().convert(stored, JsonNode.class, expectedRepresentation),
                expectedRepresentation, plain.getType());
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serialized) {
        if (!isPersonal(serialized.getType())) {
            return delegate.deserialize(serialized);
        }
        JsonNode stored = getConverter().convert(serialized, JsonNode.class).getData();
        JsonNode sealed = stored.get(SEALED);
        if (sealed == null) {
            return delegate.deserialize(serialized);
        }
        ObjectNode open = (ObjectNode) stored.deepCopy();
        open.remove(SEALED);
        String tenantId = sealed.path("tenantId").asText();
        String subjectId = sealed.path("subjectId").asText();
        PersonalDataKeys.Key key = cached(tenantId, subjectId).orElseThrow(() -> new IllegalStateException(
                "no key for the personal data of " + subjectId + " of tenant " + tenantId + ", and no erasure either"));
        if (key instanceof PersonalDataKeys.Active active) {
            ObjectNode personal = open(active.bytes(), tenantId, subjectId, sealed);
            for (Iterator<Map.Entry<String, JsonNode>> it = personal.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                open.set(field.getKey(), field.getValue());
            }
        }
        // erased: the stored form already holds the erased values
        return delegate.deserialize(new SimpleSerializedObject<>(open, JsonNode.class, serialized.getType()));
    }

    /**
     * The person's key for an event being written: the one this unit of work read already (loading the aggregate
     * decrypted its events), else made or read by {@link PersonalDataKeys#keyForWriting} (one statement for a new
     * person) and kept for the rest of the unit of work.
     */
    private byte[] keyForWriting(String tenantId, String subjectId) {
        Map<String, PersonalDataKeys.Key> known = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root()
                .getOrComputeResource(KEYS_OF_UNIT_OF_WORK, name -> new HashMap<String, PersonalDataKeys.Key>()) : null;
        String name = tenantId + '\u0000' + subjectId;
        if (known != null && known.get(name) instanceof PersonalDataKeys.Active active) {
            return active.bytes();
        }
        byte[] key = keys.keyForWriting(tenantId, subjectId);
        if (known != null) {
            known.put(name, new PersonalDataKeys.Active(key));
        }
        return key;
    }

    /** Keys are looked up once per unit of work (an aggregate's load, a processor's batch), never across them. */
    private Optional<PersonalDataKeys.Key> cached(String tenantId, String subjectId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return keys.find(tenantId, subjectId);
        }
        Map<String, PersonalDataKeys.Key> known = CurrentUnitOfWork.get().root()
                .getOrComputeResource(KEYS_OF_UNIT_OF_WORK, name -> new HashMap<String, PersonalDataKeys.Key>());
        String name = tenantId + '\u0000' + subjectId;
        PersonalDataKeys.Key key = known.get(name);
        if (key == null) {
            Optional<PersonalDataKeys.Key> found = keys.find(tenantId, subjectId);
            found.ifPresent(k -> known.put(name, k));
            return found;
        }
        return Optional.of(key);
    }

    private boolean isPersonal(SerializedType type) {
        return personalTypes.computeIfAbsent(type.getName(), name -> {
            Class<?> payloadType = delegate.classForType(type);
            return PersonalEvent.class.isAssignableFrom(payloadType) && !PersonalFields.of(payloadType).isEmpty();
        });
    }

    private ObjectNode seal(byte[] key, String tenantId, String subjectId, ObjectNode personal) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, iv, tenantId, subjectId);
            byte[] ciphertext = cipher.doFinal(personal.toString().getBytes(StandardCharsets.UTF_8));
            ObjectNode sealed = JsonNodeFactory.instance.objectNode();
            sealed.put("tenantId", tenantId);
            sealed.put("subjectId", subjectId);
            sealed.put("alg", "A256GCM");
            sealed.put("iv", Base64.getEncoder().encodeToString(iv));
            sealed.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt personal data", e);
        }
    }

    private ObjectNode open(byte[] key, String tenantId, String subjectId, JsonNode sealed) {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Base64.getDecoder().decode(sealed.path("iv").asText()),
                    tenantId, subjectId);
            byte[] plaintext = cipher.doFinal(Base64.getDecoder().decode(sealed.path("ciphertext").asText()));
            return (ObjectNode) getConverter().convert(plaintext, byte[].class, JsonNode.class);
        } catch (GeneralSecurityException e) {
            // a changed ciphertext, or one moved from another person's event: GCM's tag refuses it
            throw new IllegalStateException("the personal data of " + subjectId + " of tenant " + tenantId
                    + " does not decrypt with its key: it was altered", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] iv, String tenantId, String subjectId)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD((tenantId + '\u0000' + subjectId).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
