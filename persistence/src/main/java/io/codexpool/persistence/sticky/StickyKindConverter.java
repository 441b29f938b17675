package io.codexpool.persistence.sticky;

import io.codexpool.persistence.database.WireName;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter
public class StickyKindConverter implements AttributeConverter<StickyKind, String> {
    @Override
    public String convertToDatabaseColumn(StickyKind value) {
        return value == null ? null : value.wireName();
    }

    @Override
    public StickyKind convertToEntityAttribute(String value) {
        return value == null ? null : WireName.parse(StickyKind.class, value);
    }
}
