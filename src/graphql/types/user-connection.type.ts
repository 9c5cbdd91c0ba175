import { Field, Int, ObjectType } from 'type-graphql';
import { PLAIN_OBJECT } from './plain-object.js';
import type { UserPage } from '../../accounts/user-directory.js';
import { toUserType, UserType } from './user.type.js';

@ObjectType('PageInfo', { ...PLAIN_OBJECT, description: 'Where a page of a list ends.' })
export class PageInfoType {
  @Field(() => Boolean, { description: 'True when another page follows.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;
}

@ObjectType('UserEdge', { ...PLAIN_OBJECT, description: 'One user in a page of users.' })
export class UserEdgeType {
  @Field(() => String, { description: 'Opaque position of this user in the list.' })
  cursor!: string;

  @Field(() => UserType, { description: 'The user.' })
  node!: UserType;
}

@ObjectType('UserConnection', { ...PLAIN_OBJECT, description: 'A page of users, newest first.' })
export class UserConnectionType {
  @Field(() => [UserEdgeType], { description: 'The users of this page.' })
  edges!: UserEdgeType[];

  @Field(() => PageInfoType, { description: 'Where this page ends.' })
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'How many users match the search, on every page together.' })
  totalCount!: number;
}

export function toUserConnection(page: UserPage): UserConnectionType {
  return {
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toUserType(edge.node) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    totalCount: page.totalCount,
  };
}
