import { Public } from '@tandem/authz';
import { Ctx, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from './context';
import { ServerInfo } from './server-info.type';
import { TANDEM_VERSION } from './version';

@Resolver(() => ServerInfo)
export class ServerInfoResolver {
  @Query(() => ServerInfo, { description: 'The server version and time. Needs no sign-in.' })
  @Public('clients and load balancers check what they are talking to')
  serverInfo(@Ctx() { ctx }: GatewayContext): ServerInfo {
    return { version: TANDEM_VERSION, time: ctx.clock.now() };
  }
}
