package io.salesbot.core.team.domain;

import io.salesbot.core.kernel.domain.Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every address a person uses, each person named by their primary address (the one teams list):
 * {@code wecom:ZhangSan} may also be {@code dingtalk:0123456789}, {@code email:zhangsan@example.cn}
 * and {@code sms:+8613912345678}. A click or a command from any of them is the same person; mail
 * and texts go to the addresses of their kind.
 *
 * @param extras each person's further addresses, by primary address, in configured order
 */
public record Identities(Map<Address, List<Address>> extras) {
  /** Nobody has a second address. */
  public static final Identities NONE = new Identities(Map.of());

  /** The kinds of address a person may have: the chat platforms, e-mail and mobile phone. */
  public static final Set<String> KINDS = Set.of("wecom", "dingtalk", "sandbox", "email", "sms");

  /** E-mail addresses salesbot sends to: {@code name@domain.tld}, no spaces, no display name. */
  private static final Pattern EMAIL =
      Pattern.compile(
          "[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

  /** An international number, {@code +<country><number>}; mainland China: {@code +86 1xx…}. */
  private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private static final Pattern MAINLAND_MOBILE = Pattern.compile("\\+861[3-9][0-9]{9}");

  /**
   * @throws IllegalArgumentException when an address is a second address of two people, or of
   *     someone and also another person's primary address
   */
  public Identities {
    Map<Address, List<Address>> copy = new LinkedHashMap<>();
    Map<Address, Address> owner = new LinkedHashMap<>();
    for (Map.Entry<Address, List<Address>> entry : extras.entrySet()) {
      Address primary = entry.getKey();
      List<Address> kept = new ArrayList<>();
      for (Address a : entry.getValue()) {
        if (a.equals(primary) || kept.contains(a)) {
          continue;
        }
        if (extras.containsKey(a)) {
          throw new IllegalArgumentException(
              a + " is an address of " + primary + " and also a person of its own");
        }
        Address other = owner.putIfAbsent(a, primary);
        if (other != null) {
          throw new IllegalArgumentException(
              a + " is an address of two people: " + other + " and " + primary);
        }
        kept.add(a);
      }
      if (!kept.isEmpty()) {
        copy.put(primary, List.copyOf(kept));
      }
    }
    extras = Map.copyOf(copy);
  }

  /** The person {@code address} belongs to (their primary address), or {@code address} itself. */
  public Address primary(Address address) {
    if (extras.containsKey(address)) {
      return address;
    }
    for (Map.Entry<Address, List<Address>> e : extras.entrySet()) {
      if (e.getValue().contains(address)) {
        return e.getKey();
      }
    }
    return address;
  }

  /** All of a person's addresses, the primary first. */
  public List<Address> addresses(Address person) {
    Address primary = primary(person);
    List<Address> all = new ArrayList<>();
    all.add(primary);
    all.addAll(extras.getOrDefault(primary, List.of()));
    return List.copyOf(all);
  }

  /**
   * Parses a person's address, checking what its kind allows: {@code email:} a plain e-mail
   * address, {@code sms:} a number with its country code ({@code +86} and an 11-digit mobile number
   * for mainland China), the chat platforms a user id.
   *
   * @throws IllegalArgumentException saying what is wrong and how to write it
   */
  public static Address parse(String text) {
    Address a = Address.parse(text);
    if (!KINDS.contains(a.platform())) {
      throw new IllegalArgumentException(
          "'"
              + a.platform()
              + "' is not a kind of address a person can have; use one of "
              + KINDS.stream().sorted().toList()
              + ", e.g. email:zhangsan@example.cn or sms:+8613912345678");
    }
    if (a.isGroup()) {
      throw new IllegalArgumentException("'" + text + "' is a group chat, not a person");
    }
    String id = a.userId();
    if ("email".equals(a.platform()) && !EMAIL.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "'" + id + "' is not an e-mail address; write it as email:name@example.cn");
    }
    if ("sms".equals(a.platform())
        && (!PHONE.matcher(id).matches()
            || (id.startsWith("+86") && !MAINLAND_MOBILE.matcher(id).matches()))) {
      throw new IllegalArgumentException(
          "'"
              + id
              + "' is not a mobile number with its country code; write it as sms:+8613912345678");
    }
    return a;
  }
}
