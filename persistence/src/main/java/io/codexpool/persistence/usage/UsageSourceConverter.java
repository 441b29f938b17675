package io.codexpool.persistence.usage;

import io.codexpool.persistence.database.WireName;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter
public class UsageSourceConverter implements AttributeConverter<UsageSource, String> {
    @Override
    public String convertToDatabaseColumn(UsageSource value) {
        return value == null ? null : value.wireName();
    }

    @Override
    public UsageSource convertToEntityAttribute(String value) {
        return value == null ? null : WireName.parse(UsageSource.class, value);
    }
}
