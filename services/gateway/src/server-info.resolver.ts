import { Ctx, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from './context';
import { ServerInfo } from './server-info.type';
import { TANDEM_VERSION } from './version';

@Resolver(() => ServerInfo)
export class ServerInfoResolver {
  // Public on purpose: clients and load balancers use it to check what they are talking to.
  @Query(() => ServerInfo, { description: 'The server version and time. Needs no sign-in.' })
  serverInfo(@Ctx() { ctx }: GatewayContext): ServerInfo {
    return { version: TANDEM_VERSION, time: ctx.clock.now() };
  }
}
