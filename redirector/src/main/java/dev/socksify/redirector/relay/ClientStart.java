package dev.socksify.redirector.relay;

import io.netty.buffer.ByteBuf;

/**
 * What the client did while its tunnel was being opened: the bytes it sent (empty unless it also half-closed, see
 * {@link FlowHandler}) and whether it half-closed. The relay sends both on before anything else.
 *
 * @param early owned by whoever relays the flow, which releases it
 */
record ClientStart(ByteBuf early, boolean ended) {}
