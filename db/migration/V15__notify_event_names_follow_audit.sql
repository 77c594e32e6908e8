-- Webhook events are now named as the audit actions of the same changes (both come from the publishing module's event
-- record), e.g. access.requested is access-request.create. Subscriptions saved under the old names keep their meaning:
-- access.approved was sent for every grant (direct or by approval), access.expired for expired grants and requests.
update webhook_endpoint set events = (
    select array_agg(distinct renamed order by renamed)
    from unnest(events) as subscribed(event)
    cross join lateral unnest(case subscribed.event
        when 'access.requested' then array['access-request.create']
        when 'access.approved' then array['access-grant.create']
        when 'access.denied' then array['access-request.deny']
        when 'access.expired' then array['access-request.expire', 'access-grant.expire']
        when 'access.revoked' then array['access-grant.revoke']
        when 'freeze.overridden' then array['deployment.freeze-override']
        when 'deployment.started' then array['deployment.start']
        when 'cost.budget' then array['cost-alert.budget']
        when 'cost.anomaly' then array['cost-alert.anomaly']
        else array[subscribed.event]
    end) as renamed)
where events && array['access.requested', 'access.approved', 'access.denied', 'access.expired', 'access.revoked',
    'freeze.overridden', 'deployment.started', 'cost.budget', 'cost.anomaly'];
