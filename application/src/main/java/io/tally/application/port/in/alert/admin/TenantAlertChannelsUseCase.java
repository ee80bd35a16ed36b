package io.tally.application.port.in.alert.admin;

import io.tally.domain.delivery.Channel;
import java.util.List;

/** The tenant's channels for quota alerts: read by analysts and above, set by admins. */
public interface TenantAlertChannelsUseCase {

    List<Channel> alertChannels(AlertChannelsQuery query);

    List<Channel> setAlertChannels(AlertChannelsCommand command);
}
