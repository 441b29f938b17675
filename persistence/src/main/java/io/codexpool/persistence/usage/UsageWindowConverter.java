package io.codexpool.persistence.usage;

import io.codexpool.persistence.database.WireName;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter
public class UsageWindowConverter implements AttributeConverter<UsageWindow, String> {
    @Override
    public String convertToDatabaseColumn(UsageWindow value) {
        return value == null ? null : value.wireName();
    }

    @Override
    public UsageWindow convertToEntityAttribute(String value) {
        return value == null ? null : WireName.parse(UsageWindow.class, value);
    }
}
