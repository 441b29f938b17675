package io.codexpool.persistence.accounts;

import io.codexpool.persistence.database.WireName;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter
public class AccountStatusConverter implements AttributeConverter<AccountStatus, String> {
    @Override
    public String convertToDatabaseColumn(AccountStatus value) {
        return value == null ? null : value.wireName();
    }

    @Override
    public AccountStatus convertToEntityAttribute(String value) {
        return value == null ? null : WireName.parse(AccountStatus.class, value);
    }
}
