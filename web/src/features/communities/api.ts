// The community calls of the screens, through the one typed client.
import { api, ok, type Schemas } from "../../api/client";

export type Community = Schemas["CommunityOut"];
export type CommunityOrg = Schemas["CommunityOrgOut"];
export type Member = Schemas["CommunityMemberOut"];
export type Removed = Schemas["CommunityRemovedOut"];
export type Participation = Schemas["CommunityParticipationOut"];
export type Selection = Schemas["CommunitySelectionIn"];
export type Kind = Schemas["CommunityIn"]["kind"];
export type Post = Schemas["CommunityPostOut"];
export type PostPage = Schemas["CommunityPostPage"];

export const KINDS = ["methodological", "subject", "joint_project", "other"] as const;

const one = (community_id: string) => ({ params: { path: { community_id } } });

export const communitiesApi = {
  mine: () => ok(api.GET("/api/v1/communities")),
  get: (id: string) => ok(api.GET("/api/v1/communities/{community_id}", one(id))),
  create: (orgId: string, body: Schemas["CommunityIn"]) =>
    ok(api.POST("/api/v1/orgs/{org_id}/communities", { params: { path: { org_id: orgId } }, body })),
  renewJoinCode: (id: string) => ok(api.POST("/api/v1/communities/{community_id}/join-code", one(id))),

  orgs: (id: string) => ok(api.GET("/api/v1/communities/{community_id}/orgs", one(id))),
  invite: (id: string, body: Schemas["CommunityInviteIn"]) =>
    ok(api.POST("/api/v1/communities/{community_id}/orgs", { ...one(id), body })),
  accept: (id: string, participationId: string) =>
    ok(
      api.POST("/api/v1/communities/{community_id}/orgs/{participation_id}/accept", {
        params: { path: { community_id: id, participation_id: participationId } },
      }),
    ),
  removeOrg: (id: string, participationId: string) =>
    ok(
      api.DELETE("/api/v1/communities/{community_id}/orgs/{participation_id}", {
        params: { path: { community_id: id, participation_id: participationId } },
      }),
    ),

  members: (id: string) => ok(api.GET("/api/v1/communities/{community_id}/members", one(id))),
  removeMember: (id: string, accountId: string) =>
    ok(
      api.DELETE("/api/v1/communities/{community_id}/members/{account_id}", {
        params: { path: { community_id: id, account_id: accountId } },
      }),
    ),
  removed: (id: string) => ok(api.GET("/api/v1/communities/{community_id}/removed", one(id))),
  restore: (id: string, accountId: string) =>
    ok(
      api.DELETE("/api/v1/communities/{community_id}/removed/{account_id}", {
        params: { path: { community_id: id, account_id: accountId } },
      }),
    ),
  moderator: (id: string, accountId: string, on: boolean) => {
    const params = { params: { path: { community_id: id, account_id: accountId } } };
    return on
      ? ok(api.PUT("/api/v1/communities/{community_id}/moderators/{account_id}", params))
      : ok(api.DELETE("/api/v1/communities/{community_id}/moderators/{account_id}", params));
  },

  posts: (id: string, cursor?: string | null) =>
    ok(
      api.GET("/api/v1/communities/{community_id}/posts", {
        params: { path: { community_id: id }, query: cursor ? { cursor } : {} },
      }),
    ),
  replies: (id: string, postId: string) =>
    ok(
      api.GET("/api/v1/communities/{community_id}/posts/{post_id}/replies", {
        params: { path: { community_id: id, post_id: postId } },
      }),
    ),
  post: (id: string, body: Schemas["CommunityPostIn"]) =>
    ok(api.POST("/api/v1/communities/{community_id}/posts", { ...one(id), body })),
  deletePost: (id: string, postId: string) =>
    ok(
      api.DELETE("/api/v1/communities/{community_id}/posts/{post_id}", {
        params: { path: { community_id: id, post_id: postId } },
      }),
    ),

  // --- the organisation administrator's side -------------------------------------------
  participations: (orgId: string) =>
    ok(api.GET("/api/v1/orgs/{org_id}/communities/participations", { params: { path: { org_id: orgId } } })),
  approve: (orgId: string, participationId: string, body: Selection) =>
    ok(
      api.POST("/api/v1/orgs/{org_id}/communities/participations/{participation_id}/approve", {
        params: { path: { org_id: orgId, participation_id: participationId } },
        body,
      }),
    ),
  choose: (orgId: string, participationId: string, body: Selection) =>
    ok(
      api.PUT("/api/v1/orgs/{org_id}/communities/participations/{participation_id}/selection", {
        params: { path: { org_id: orgId, participation_id: participationId } },
        body,
      }),
    ),
  withdraw: (orgId: string, participationId: string) =>
    ok(
      api.POST("/api/v1/orgs/{org_id}/communities/participations/{participation_id}/withdraw", {
        params: { path: { org_id: orgId, participation_id: participationId } },
      }),
    ),
  join: (orgId: string, body: Schemas["CommunityJoinIn"]) =>
    ok(api.POST("/api/v1/orgs/{org_id}/communities/join", { params: { path: { org_id: orgId } }, body })),
  orgCode: (orgId: string, renew = false) => {
    const params = { params: { path: { org_id: orgId } } };
    return renew
      ? ok(api.POST("/api/v1/orgs/{org_id}/communities/code", params))
      : ok(api.GET("/api/v1/orgs/{org_id}/communities/code", params));
  },
  /** Verified staff of the organisation, for choosing whom it sends. */
  async staff(orgId: string): Promise<Schemas["MemberBrief"][]> {
    const roles = ["teacher", "head", "staff", "admin"] as const;
    const pages = await Promise.all(
      roles.map((role) =>
        ok(
          api.GET("/api/v1/orgs/{org_id}/members", {
            params: { path: { org_id: orgId }, query: { role, status: "active", limit: 200 } },
          }),
        ),
      ),
    );
    return pages.flatMap((p) => p.items).filter((m) => m.verified);
  },
  classes: (orgId: string) =>
    ok(api.GET("/api/v1/orgs/{org_id}/classes", { params: { path: { org_id: orgId } } })),
};
