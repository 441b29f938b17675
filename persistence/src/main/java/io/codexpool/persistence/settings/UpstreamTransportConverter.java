package io.codexpool.persistence.settings;

import io.codexpool.persistence.database.WireName;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter
public class UpstreamTransportConverter implements AttributeConverter<UpstreamTransport, String> {
    @Override
    public String convertToDatabaseColumn(UpstreamTransport value) {
        return value == null ? null : value.wireName();
    }

    @Override
    public UpstreamTransport convertToEntityAttribute(String value) {
        return value == null ? null : WireName.parse(UpstreamTransport.class, value);
    }
}
