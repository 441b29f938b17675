package io.codexpool.persistence.settings;

import io.codexpool.persistence.database.WireName;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter
public class RoutingStrategyConverter implements AttributeConverter<RoutingStrategy, String> {
    @Override
    public String convertToDatabaseColumn(RoutingStrategy value) {
        return value == null ? null : value.wireName();
    }

    @Override
    public RoutingStrategy convertToEntityAttribute(String value) {
        return value == null ? null : WireName.parse(RoutingStrategy.class, value);
    }
}
