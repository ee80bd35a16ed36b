package io.tally.application.port.in.meter;

/** Deletes one of the tenant's own meters; built-in meters cannot be deleted. */
public interface DeleteMeterUseCase {

    void deleteMeter(DeleteMeterCommand command);
}
