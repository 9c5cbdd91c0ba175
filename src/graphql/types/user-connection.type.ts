import { Field, Int, ObjectType } from 'type-graphql';
import type { UserPage } from '../../auth/user-directory.js';
import { toUserType, UserType } from './user.type.js';

@ObjectType('PageInfo')
export class PageInfoType {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;
}

@ObjectType('UserEdge')
export class UserEdgeType {
  @Field(() => String, { description: 'Opaque position of this user in the list.' })
  cursor!: string;

  @Field(() => UserType)
  node!: UserType;
}

@ObjectType('UserConnection', { description: 'A page of users, newest first.' })
export class UserConnectionType {
  @Field(() => [UserEdgeType])
  edges!: UserEdgeType[];

  @Field(() => PageInfoType)
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
