package io.tally.bootstrap;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates a content creator's demo history, in the event conventions of the content template (docs/metrics.md,
 * "Content analytics"): {@code content.published} for each post (its id, title, platform and type) and, each day for
 * two weeks after it, a {@code content.engagement} event of the views, likes, shares, comments and clicks it got that
 * day, fewer as it ages.
 *
 * <p>Synthetic demo data with a shape to find: posts go out around 09:00, 12:00, 18:00 and 20:00 local time, and those
 * of Tuesday and Thursday evening engage best, so the report's best time to post has something to say. Deterministic per
 * customer and day (seeded with both; event ids {@code demo-<customer>-<date>-post-<yyyymmdd>-<n>} and {@code -e<n>}), so loading it again
 * stores nothing twice; only what lies in the past of {@code now} is sent.
 */
final class DemoContent {

    /** How many days a post keeps getting engagement. */
    static final int LIFE_DAYS = 14;
    private static final String[] PLATFORMS = {"instagram", "tiktok", "youtube"};
    private static final double[] PLATFORM_SHARES = {0.45, 0.35, 0.20};
    private static final String[][] TYPES = {{"image", "video", "carousel"}, {"video"}, {"video", "short"}};
    private static final int[] HOURS = {9, 12, 18, 20};
    private static final String[] SUBJECTS = {"Morning light", "Studio tour", "Colour grading", "Behind the scenes", "Client story",
        "Gear check", "Editing tips", "Golden hour", "Q&A", "Before and after"};

    private DemoContent() {
    }

    /** A post, as generated for its day. */
    private record Post(String id, Instant published, String platform, String type, String title, double appeal) {
    }

    /** The customer's content events on the {@value DemoHistory#DAYS} days ending today (UTC), up to {@code now}. */
    static List<DemoHistory.Event> generate(DemoCommand.DemoCustomer customer, Instant now) {
        ZoneId zone = ZoneId.of(customer.timezone());
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = today.minusDays(DemoHistory.DAYS - 1L);
        List<DemoHistory.Event> events = new ArrayList<>();
        for (int back = DemoHistory.DAYS - 1; back >= 0; back--) {
            LocalDate day = today.minusDays(back);
            for (Post post : posts(customer, day, zone)) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("content_id", post.id());
                data.put("title", post.title());
                data.put("platform", post.platform());
                data.put("content_type", post.type());
                events.add(new DemoHistory.Event("demo-" + customer.id() + "-" + day + "-" + post.id(), "content.published", customer.id(),
                        post.published(), data));
            }
            int sequence = 0;
            Random random = DemoHistory.random(customer.id(), day, 37);
            // the engagement on this day of every post published on it or in the two weeks before
            for (int age = 0; age < LIFE_DAYS && !day.minusDays(age).isBefore(first); age++) {
                for (Post post : posts(customer, day.minusDays(age), zone)) {
                    Instant at = age == 0 ? post.published().plusSeconds(3600 + random.nextInt(4 * 3600))
                            : day.atTime(LocalTime.of(8 + random.nextInt(14), random.nextInt(60))).atZone(zone).toInstant();
                    if (age == 0 && !LocalDate.ofInstant(at, zone).equals(day)) {
                        continue;
                    }
                    double fade = Math.pow(0.62, age);
                    int views = (int) Math.round((400 + random.nextInt(900)) * fade * (post.platform().equals("tiktok") ? 1.8 : 1.0));
                    if (views == 0) {
                        continue;
                    }
                    double rate = 0.045 * post.appeal() * (0.85 + 0.3 * random.nextDouble());
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("content_id", post.id());
                    data.put("platform", post.platform());
                    data.put("views", views);
                    data.put("likes", (int) Math.round(views * rate * 0.7));
                    data.put("shares", (int) Math.round(views * rate * 0.12));
                    data.put("comments", (int) Math.round(views * rate * 0.18));
                    data.put("clicks", (int) Math.round(views * 0.02 * (0.7 + 0.6 * random.nextDouble())));
                    events.add(new DemoHistory.Event("demo-" + customer.id() + "-" + day + "-e" + (sequence++), "content.engagement",
                            customer.id(), at, data));
                }
            }
        }
        return events.stream().filter(event -> !event.time().isAfter(now)).sorted(Comparator.comparing(DemoHistory.Event::time)).toList();
    }

    /** The posts published on a local day: none to three, fewer at weekends, at one of the usual hours. */
    private static List<Post> posts(DemoCommand.DemoCustomer customer, LocalDate day, ZoneId zone) {
        Random random = DemoHistory.random(customer.id(), day, 41);
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        int count = random.nextInt(weekend ? 2 : 4);
        List<Post> posts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int hour = HOURS[random.nextInt(HOURS.length)];
            Instant published = day.atTime(hour, random.nextInt(50)).atZone(zone).toInstant();
            int p = pick(random);
            String platform = PLATFORMS[p];
            String type = TYPES[p][random.nextInt(TYPES[p].length)];
            boolean prime = hour >= 18 && (day.getDayOfWeek() == DayOfWeek.TUESDAY || day.getDayOfWeek() == DayOfWeek.THURSDAY);
            double appeal = (prime ? 1.7 : hour == 9 ? 1.15 : 1.0) * (type.equals("video") ? 1.2 : 1.0);
            String title = SUBJECTS[random.nextInt(SUBJECTS.length)] + " · " + day.getDayOfMonth() + "/" + day.getMonthValue();
            posts.add(new Post("post-" + day.toString().replace("-", "") + "-" + (i + 1), published, platform, type, title, appeal));
        }
        return posts;
    }

    private static int pick(Random random) {
        double roll = random.nextDouble();
        for (int i = 0; i < PLATFORM_SHARES.length; i++) {
            roll -= PLATFORM_SHARES[i];
            if (roll < 0) {
                return i;
            }
        }
        return PLATFORM_SHARES.length - 1;
    }
}
