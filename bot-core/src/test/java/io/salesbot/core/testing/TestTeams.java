package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.StaticTeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.util.List;

/** Two sandbox teams, east (华东) and south (华南), three reps and a manager each. */
public final class TestTeams {
  public static final Address ZHANGSAN = Address.parse("sandbox:zhangsan");
  public static final Address LISI = Address.parse("sandbox:lisi");
  public static final Address WANGWU = Address.parse("sandbox:wangwu");
  public static final Address EAST_MANAGER = Address.parse("sandbox:zhaoliu");
  public static final Address CHENQI = Address.parse("sandbox:chenqi");
  public static final Address SOUTH_MANAGER = Address.parse("sandbox:sunba");

  private TestTeams() {}

  public static StaticTeamDirectory directory() {
    Team east =
        new Team(
            "east",
            "华东销售一组",
            List.of("华东", "上海"),
            EAST_MANAGER,
            "赵六",
            List.of(new Member(ZHANGSAN, "张三"), new Member(LISI, "李四"), new Member(WANGWU, "王五")));
    Team south =
        new Team(
            "south",
            "华南销售组",
            List.of("华南"),
            SOUTH_MANAGER,
            "孙八",
            List.of(
                new Member(CHENQI, "陈七"),
                new Member(Address.parse("sandbox:zhoujiu"), "周九"),
                new Member(Address.parse("sandbox:wushi"), "吴十")));
    return new StaticTeamDirectory(List.of(east, south), "east");
  }
}
